import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without type declarations
import { cycles, folderOf } from '../../scripts/deps-check.mjs';

describe('deps:check folder graph', () => {
  it('names a module by its folder and everything else by its top folder', () => {
    expect(folderOf('src/modules/crm/crm.repo.ts')).toBe('modules/crm');
    expect(folderOf('src/kernel/jobs/queue.ts')).toBe('kernel');
    expect(folderOf('src/db/tables/crm.ts')).toBe('db');
    expect(folderOf('web/src/routes/crm/ContactsPage.tsx')).toBe('web');
    expect(folderOf('bench/lists.ts')).toBe('bench');
  });

  it('finds every cycle between folders, and none in a layered graph', () => {
    const graph = (pairs: [string, string][]) => {
      const m = new Map<string, Set<string>>();
      for (const [a, b] of pairs) m.set(a, (m.get(a) ?? new Set()).add(b));
      return m;
    };
    expect(
      cycles(
        graph([
          ['server', 'modules/crm'],
          ['modules/crm', 'kernel'],
          ['kernel', 'db'],
          ['server', 'kernel'],
        ]),
      ),
    ).toEqual([]);
    expect(
      cycles(
        graph([
          ['modules/crm', 'modules/automations'],
          ['modules/automations', 'modules/tasks'],
          ['modules/tasks', 'modules/crm'],
          ['modules/crm', 'kernel'],
        ]),
      ),
    ).toEqual([['modules/automations', 'modules/crm', 'modules/tasks']]);
    expect(
      cycles(
        graph([
          ['kernel', 'db'],
          ['db', 'kernel'],
          ['server', 'cli'],
          ['cli', 'server'],
        ]),
      ).sort(),
    ).toEqual([
      ['cli', 'server'],
      ['db', 'kernel'],
    ]);
  });
});
