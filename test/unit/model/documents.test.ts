import * as assert from 'node:assert/strict';
import { DocumentStore } from '../../../server/src/model/documents';
import type { FileHost } from '../../../server/src/model/fileHost';

/** A host serving texts from memory, counting reads. */
function memoryHost(files: Record<string, string>): FileHost & { reads: number } {
  const host = {
    reads: 0,
    list: () => ({ files: Object.keys(files), skipped: [] }),
    read: (f: string) => {
      host.reads++;
      return f in files ? { ok: true as const, text: files[f]! } : { ok: false as const, reason: 'no such file' };
    },
    exists: (f: string) => f in files,
  };
  return host;
}

describe('DocumentStore', () => {
  it('unsaved editor text wins over the disk, and clearing it goes back to the disk', () => {
    const store = new DocumentStore(memoryHost({ '/a.conf': 'SNIKKET_DOMAIN=disk.test\n' }));
    store.setOverlay('/a.conf', 'SNIKKET_DOMAIN=editor.test\n');
    const doc = store.get('/a.conf', 'dotenv');
    assert.ok(!('error' in doc));
    assert.equal(doc.parsed.lookup('SNIKKET_DOMAIN')?.value, 'editor.test');
    store.setOverlay('/a.conf', undefined);
    const again = store.get('/a.conf', 'dotenv');
    assert.ok(!('error' in again));
    assert.equal(again.parsed.lookup('SNIKKET_DOMAIN')?.value, 'disk.test');
  });

  it('returns the same document while the text is the same, a new one after a change', () => {
    const store = new DocumentStore(memoryHost({ '/m.nix': '{ a = 1; }' }));
    const first = store.get('/m.nix', 'nix');
    assert.equal(store.get('/m.nix', 'nix'), first);
    store.setOverlay('/m.nix', '{ a = 2; }');
    assert.notEqual(store.get('/m.nix', 'nix'), first);
  });

  it('drops the least recently used documents beyond its budget', () => {
    const text = '{ a = 1; }'; // 10 bytes
    const store = new DocumentStore(memoryHost({ '/1.nix': text, '/2.nix': text, '/3.nix': text }), {
      maxDocumentBytes: 20,
    });
    const one = store.get('/1.nix', 'nix');
    store.get('/2.nix', 'nix');
    assert.equal(store.get('/1.nix', 'nix'), one); // used again: now the most recent
    store.get('/3.nix', 'nix'); // evicts /2.nix, keeps /1.nix
    assert.equal(store.get('/1.nix', 'nix'), one);
  });

  it('reads a file from disk once until it is invalidated', () => {
    const host = memoryHost({ '/m.nix': '{ }' });
    const store = new DocumentStore(host);
    store.read('/m.nix');
    store.read('/m.nix');
    assert.equal(host.reads, 1);
    store.invalidate('/m.nix');
    store.read('/m.nix');
    assert.equal(host.reads, 2);
  });
});
