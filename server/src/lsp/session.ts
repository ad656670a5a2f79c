/**
 * The server's state: workspace roots, the document store fed by the editor's open documents and
 * watched files, the settings, and the latest check. A change marks the check stale and schedules
 * a re-check after a short debounce; readers wait for a fresh result (never a stale one). The
 * check itself is synchronous, so at most one runs at a time.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { check, type CheckOptions, type CheckResult } from '../check/check';
import { checkAndLog, EMPTY_RESULT } from './checkAndLog';
import { changeMayMatter, deploymentFiles, discoveryNeedsWalk, prepareDiscovery } from '../model/discovery';
import { runSlice, walkInBackground } from './backgroundWalk';
import { DocumentStore } from '../model/documents';
import type { DotenvFile } from '../syntax/dotenv/file';
import { LineIndex } from '../text/lineIndex';
import { DEFAULT_BUDGET, NodeFileHost } from '../model/fileHost';
import type { Severity } from '../model/findings';
import { defaultSettings, Notifications, type ServerStatus, type Settings } from '../api/protocol';
import { sanitizeSettings } from './settings';
import { workspaceRoots } from './roots';
import { errorMessage, pathToUri, uriToPath } from './convert';

export interface ClientSupport {
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  configuration: boolean;
  dynamicWatchers: boolean;
  documentChanges: boolean;
  workspaceFolders: boolean;
  markdown: boolean;
}

export interface Checked {
  generation: number;
  result: CheckResult;
}

/** Created or deleted files in one event beyond which listings are walked again rather than patched. */
const MAX_PATCHED_FILES = 1000;

export class Session {
  readonly store = new DocumentStore(new NodeFileHost());
  settings: Settings = { ...defaultSettings };
  /** Workspace folders (absolute paths). */
  folders: string[] = [];
  /**
   * False when the client says the workspace is untrusted: settings may then come from the
   * repository itself, so those that widen what is read or run (searchPaths, compose2nixPath) are ignored.
   */
  trusted = true;
  support: ClientSupport = {
    pullDiagnostics: false,
    diagnosticRefresh: false,
    configuration: false,
    dynamicWatchers: false,
    documentChanges: true,
    workspaceFolders: false,
    markdown: true,
  };
  debounceMs = 150;

  private generation = 0;
  private latest: Checked = { generation: -1, result: EMPTY_RESULT };
  /** The roots of the latest check. */
  private checkedRoots = '';
  private timer: NodeJS.Timeout | undefined;
  private waiters: ((c: Checked) => void)[] = [];
  private readonly listeners: ((c: Checked) => void)[] = [];
  private readonly reportedErrors = new Set<string>();
  /** The client's own URI of each open document, by path. */
  private readonly openUris = new Map<string, string>();
  private disposed = false;
  /** A walk of the workspace runs in the background (requests are answered from the latest check meanwhile). */
  private walking = false;
  /** The user cancelled the walk: no new one starts until the folders or settings change. */
  private walkCancelled = false;

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
  ) {}

  // ---- documents --------------------------------------------------------------------------

  opened(uri: string, text: string): void {
    const file = uriToPath(uri);
    if (!file) return;
    const isNew = !this.openUris.has(file);
    this.openUris.set(file, uri);
    this.store.setOverlay(file, text);
    this.filesChanged([file], isNew);
    // The walk may take seconds: a file opened meanwhile gets what is known now, and its findings
    // when the walk and the check are done (as a pulling client would).
    if (isNew && this.walking) this.notify();
  }

  closed(uri: string): void {
    const file = uriToPath(uri);
    if (!file) return;
    this.openUris.delete(file);
    this.store.setOverlay(file, undefined);
    // What is on disk may differ from what the editor had.
    this.store.invalidate(file);
    this.filesChanged([file], false);
  }

  diskChanged(files: { file: string; createdOrDeleted: boolean; deleted?: boolean }[]): void {
    // Listings are patched, not walked again: a new file costs one read, not a re-scan. A branch
    // switch that creates or deletes thousands is cheaper walked again.
    const patch = files.filter((f) => f.createdOrDeleted).length <= MAX_PATCHED_FILES;
    for (const f of files) {
      // A file deleted on disk is gone from the deployment even while its tab stays open; when it
      // comes back, the editor's text is the file again.
      const doc = f.createdOrDeleted ? this.document(f.file) : undefined;
      if (doc) this.store.setOverlay(f.file, f.deleted ? undefined : doc.getText());
      if (f.deleted && patch) this.store.fileDeleted(f.file);
      else if (f.createdOrDeleted && patch) this.store.fileCreated(f.file);
      else this.store.invalidate(f.file);
    }
    if (!patch) this.store.invalidateListings();
    this.filesChanged(
      files.map((f) => f.file),
      false,
      true,
    );
  }

  /**
   * Files changed in the store: a re-check when they may change a finding, else nothing (an edit
   * of a module no deployment can hold costs no check). A file just opened still gets its
   * (empty) diagnostics pushed.
   */
  private filesChanged(files: string[], opened: boolean, fromDisk = false): void {
    const roots = this.roots();
    const matters =
      this.walking ||
      this.latest.generation < 0 ||
      this.checkedRoots !== roots.join('\0') ||
      files.some((f) => this.heldByDeployment(f)) ||
      changeMayMatter(this.store, roots, files);
    if (matters) return this.changed();
    if (fromDisk)
      this.connection.console.log(
        `Ignored a change of ${files.join(', ')}: no deployment can hold it, nothing to re-check`,
      );
    // Nothing else changed: listeners see the same result again (a push client learns of the new file).
    if (opened && this.isFresh()) this.notify();
  }

  /** Whether the latest check's deployments hold or reference the file. */
  private heldByDeployment(file: string): boolean {
    return this.latest.result.deployments.some(
      (d) =>
        deploymentFiles(d.deployment).includes(file) ||
        d.deployment.references.some((r) => r.target === file) ||
        d.deployment.unreadable.some((u) => u.file === file),
    );
  }

  /** The open document of a file, if any. */
  document(file: string): TextDocument | undefined {
    const uri = this.openUris.get(file);
    return uri ? this.documents.get(uri) : undefined;
  }

  versionOf = (file: string): number | undefined => this.document(file)?.version;

  /** The URI to use for a file: the client's own when it is open. */
  uriOf(file: string): string {
    return this.openUris.get(file) ?? pathToUri(file);
  }

  openFiles(): string[] {
    return [...this.openUris.keys()];
  }

  /** The text of a file as the check sees it (editor text wins). */
  text(file: string): string | undefined {
    const r = this.store.read(file);
    return r.ok ? r.text : undefined;
  }

  /** Line positions of a file's current text, computed once per version of it. */
  lines(file: string): LineIndex | undefined {
    const text = this.text(file);
    return text === undefined ? undefined : this.store.memo('lines', file, text, (t) => new LineIndex(t));
  }

  /** The parsed env file, shared with the check (the store caches documents by content). */
  dotenv(file: string): DotenvFile | undefined {
    const doc = this.store.get(file, 'dotenv');
    return 'error' in doc ? undefined : doc.parsed;
  }

  // ---- roots and settings -------------------------------------------------------------------

  roots(): string[] {
    return workspaceRoots(this.folders, this.settings.searchPaths, [...this.openUris.keys()]);
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    this.walkCancelled = false;
    this.store.invalidateAll();
    this.changed();
  }

  setSettings(raw: unknown): void {
    this.walkCancelled = false;
    this.settings = sanitizeSettings(raw);
    if (!this.trusted) this.settings = { ...this.settings, searchPaths: [], compose2nixPath: '' };
    if (this.store.host instanceof NodeFileHost) {
      const maxFiles = this.trusted ? this.settings.maxFiles : undefined;
      this.store.host.budget = { ...DEFAULT_BUDGET, ...(maxFiles ? { maxEntries: maxFiles } : {}) };
    }
    this.store.invalidateListings();
    this.changed();
  }

  // ---- checking -----------------------------------------------------------------------------

  /** Something the check reads changed: the latest result is stale from now on. */
  changed(delayMs = this.debounceMs): void {
    this.generation++;
    this.schedule(delayMs);
  }

  private schedule(delayMs = this.debounceMs): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startCheck();
    }, delayMs);
  }

  /**
   * Checks now when discovery is quick (an edit: only changed files are looked at again), else
   * walks the workspace in the background first and checks when the walk is done.
   */
  private startCheck(): void {
    if (this.walking || this.disposed) return;
    const roots = this.roots();
    if (discoveryNeedsWalk(this.store, roots)) {
      if (this.walkCancelled) return this.answerWaiters();
      const steps = prepareDiscovery(this.store, roots);
      if (!runSlice(steps)) return void this.walkThenCheck(steps, roots);
    }
    this.runCheck();
  }

  private async walkThenCheck(steps: Generator<number, void>, roots: string[]): Promise<void> {
    this.walking = true;
    // Requests waiting for a check are answered now from the latest one, and open files get it
    // pushed: this may take seconds.
    this.answerWaiters();
    this.notify();
    this.status({
      state: 'checking',
      deployments: this.latest.result.deployments.length,
      message: 'looking for deployments',
    });
    const key = roots.join('\0');
    const epoch = this.store.listingEpoch;
    const log = (m: string) => this.connection.console.log(m);
    let end;
    try {
      end = await walkInBackground(
        this.connection,
        steps,
        () => !this.disposed && this.roots().join('\0') === key && this.store.listingEpoch === epoch,
        log,
      );
    } finally {
      this.walking = false;
    }
    if (end === 'cancelled') {
      this.walkCancelled = true;
      this.status({
        state: 'ready',
        deployments: this.latest.result.deployments.length,
        message: 'looking for deployments was cancelled: change a setting or restart the server to look again',
      });
      return this.answerWaiters();
    }
    this.startCheck();
  }

  private answerWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(this.latest);
  }

  isFresh(): boolean {
    return this.latest.generation === this.generation;
  }

  /** The latest check, once it reflects every change made so far. */
  fresh(): Promise<Checked> {
    // While the workspace is walked (or after that was cancelled) the latest check answers.
    if (this.isFresh() || this.walking || this.walkCancelled) return Promise.resolve(this.latest);
    if (!this.timer) this.schedule();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The latest completed check, fresh or not (for the status only). */
  get last(): Checked {
    return this.latest;
  }

  onChecked(listener: (c: Checked) => void): void {
    this.listeners.push(listener);
  }

  /** Runs the check now (tests and the debounce timer). */
  runCheck(): Checked {
    const generation = this.generation;
    this.status({ state: 'checking', deployments: this.latest.result.deployments.length });
    const roots = this.roots();
    const { result, failure } = checkAndLog(
      this.connection,
      this.store,
      roots,
      this.checkOptions(),
      this.reportedErrors,
    );
    this.latest = { generation, result };
    this.checkedRoots = roots.join('\0');
    this.status(
      failure
        ? { state: 'error', deployments: 0, message: failure.split('\n')[0] ?? failure }
        : { state: 'ready', deployments: result.deployments.length },
    );
    this.notify();
    // Changes that arrived meanwhile have scheduled another run; the waiters wait for that one.
    if (this.isFresh()) this.answerWaiters();
    return this.latest;
  }

  private checkOptions(): CheckOptions {
    return { ignore: this.settings.ignore, severity: this.settings.severity as Record<string, Severity | 'off'> };
  }

  private notify(): void {
    for (const l of this.listeners) {
      try {
        l(this.latest);
      } catch (e) {
        this.connection.console.error(`After the check: ${errorMessage(e)}`);
      }
    }
  }

  /** A one-off check of other roots (a folder outside the workspace), with the current settings. */
  checkExtra(roots: string[]): CheckResult {
    return check(this.store, roots, this.checkOptions());
  }

  status(s: ServerStatus): void {
    try {
      void this.connection.sendNotification(Notifications.status, s);
    } catch {
      // The connection may be closing.
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
