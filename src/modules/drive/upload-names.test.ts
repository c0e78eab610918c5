import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { rawPost } from '../../test/raw.js';
import { upload } from './drive.testkit.js';

/**
 * File names as browsers send them in multipart `filename=`: `"`, CR and LF as
 * %22, %0D, %0A (WHATWG HTML), everything else as UTF-8. The stored name is what
 * the person's file was called, and the download gives it back.
 */

let server: TestServer;
let p: SignedUpPortal;
beforeAll(async () => {
  server = await startTestServer();
  p = await signupPortal(server);
});
afterAll(async () => {
  await server?.close();
});

const B = 'nameBoundary';
async function rawUpload(disposition: string) {
  const body = Buffer.concat([
    Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: text/plain\r\n\r\n`, 'utf8'),
    Buffer.from('hello\r\n'),
    Buffer.from(`--${B}--\r\n`),
  ]);
  const res = await rawPost(
    server.url,
    '/api/drive/files',
    { Cookie: p.client.cookie!, Origin: server.url, 'Content-Type': `multipart/form-data; boundary=${B}` },
    body,
  );
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string };
}

const disposition = async (id: string) => (await p.client.get(`/api/drive/files/${id}/content`)).headers.get('content-disposition');

describe('uploaded file names', () => {
  it('keeps a double quote that the browser sent as %22, and gives it back in Content-Disposition', async () => {
    // fetch's FormData encodes the name as a browser does: Angebot %22final%22.txt
    const file = await upload(p.client, 'Angebot "final".txt', 'x');
    expect(file.name).toBe('Angebot "final".txt');
    expect(await disposition(file.id)).toBe(`attachment; filename="Angebot _final_.txt"; filename*=UTF-8''Angebot%20%22final%22.txt`);
  });

  it('turns CR and LF (sent as %0D %0A) into a space', async () => {
    expect((await rawUpload('filename="Zeile eins%0D%0AZeile zwei%0A.txt"')).name).toBe('Zeile eins Zeile zwei .txt');
    expect((await upload(p.client, 'a\r\nb.txt', 'x')).name).toBe('a b.txt');
  });

  it('decodes nothing else: a real %41 or %25 in a name stays', async () => {
    const file = await rawUpload('filename="100%41 %25 done%2522.txt"');
    expect(file.name).toBe('100%41 %25 done%2522.txt');
    expect(await disposition(file.id)).toBe(`attachment; filename="100_41 _25 done_2522.txt"; filename*=UTF-8''100%2541%20%2525%20done%252522.txt`);
  });

  it('keeps non-ASCII UTF-8 names intact: German, Cyrillic, emoji', async () => {
    for (const name of ['Übersicht Q3 – Größe.pdf', 'Отчёт за квартал.docx', 'Plan 🚀.txt']) {
      const viaForm = await upload(p.client, name, 'x');
      expect(viaForm.name).toBe(name);
      // The same name again, as raw UTF-8 bytes in filename="…": made unique in the folder.
      expect((await rawUpload(`filename="${name}"`)).name).toBe(name.replace(/(\.\w+)$/, ' (2)$1'));
      expect(await disposition(viaForm.id)).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    }
  });

  it("reads RFC 5987 names (filename*=UTF-8''…) as UTF-8", async () => {
    const file = await rawUpload(`filename*=UTF-8''${encodeURIComponent('Größe – итог.txt')}`);
    expect(file.name).toBe('Größe – итог.txt');
  });
});
