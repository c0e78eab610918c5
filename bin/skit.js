#!/usr/bin/env node
// The `skit` command. TypeScript sources run through tsx's loader (see docs/decisions/0001-stack.md).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
await import(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)));
