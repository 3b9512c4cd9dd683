/**
 * Electron main process: window, menu, dialogs and IPC registration only. Everything else lives
 * in services that do not import electron (src-main/services).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { AppCommand, ChooseFileRequest, ChooseFileResponse } from '../../src-core/contract/api.js';
import { EXAMPLES } from '../../src-core/project/examples/index.js';
import { Dispatcher } from '../../src-core/contract/rpc.js';
import { Backend } from '../services/backend.js';
import { log } from '../services/log.js';
import { defaultDataDir } from '../services/project-service.js';
import { APP_NAME, APP_VERSION } from '../services/version.js';
import { loadWindowState, saveWindowState } from '../services/window-state.js';

const CALL_CHANNEL = 'nrlab:call';
const EVENT_CHANNEL = 'nrlab:event';

let backend: Backend | undefined;

const rendererIndex = (): string => path.join(__dirname, '..', 'renderer', 'index.html');

/** The one data directory of the app, the CLI and browser mode: recent files, recovery, preferences, the log. */
const dataDir = (): string => defaultDataDir();

/** A .nrlab file among command-line arguments (file association, second instance). */
const nrlabFileIn = (argv: readonly string[]): string | undefined => argv.slice(1).find((a) => a.toLowerCase().endsWith('.nrlab') && !a.startsWith('-'));

function command(c: AppCommand): void {
  backend?.bus.emit('app.command', c);
}

const FILTERS = [{ name: 'NR Lab project', extensions: ['nrlab'] }];

async function chooseFile(req: ChooseFileRequest): Promise<ChooseFileResponse> {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const ext = req.kind?.extension.replace(/^\./, '') ?? 'nrlab';
  const filters = req.kind ? [{ name: req.kind.name, extensions: [ext] }] : FILTERS;
  const opts = { title: req.title ?? (req.mode === 'open' ? 'Open project' : 'Save project'), filters, ...(req.defaultPath ? { defaultPath: req.defaultPath } : {}) };
  if (req.mode === 'open') {
    const r = win ? await dialog.showOpenDialog(win, { ...opts, properties: ['openFile'] }) : await dialog.showOpenDialog({ ...opts, properties: ['openFile'] });
    return r.canceled || !r.filePaths[0] ? { supported: true } : { supported: true, path: r.filePaths[0] };
  }
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
  if (r.canceled || !r.filePath) return { supported: true };
  return { supported: true, path: r.filePath.toLowerCase().endsWith(`.${ext}`) ? r.filePath : `${r.filePath}.${ext}` };
}

/** Open a .nrlab file handed over by the OS (double-click, command line) and show it. */
async function openFromOs(file: string): Promise<void> {
  if (!backend) return;
  try {
    const snap = await backend.projects.openProject(file);
    // the path lets the renderer fetch the snapshot (openProject answers with the open session)
    command({ command: 'show-project', projectId: snap.id, ...(snap.path ? { path: snap.path } : {}) });
  } catch (e) {
    dialog.showErrorBox('Cannot open project', e instanceof Error ? e.message : String(e));
  }
}

/**
 * Before the window closes: offer to save projects with unsaved changes (Save / Don't Save /
 * Cancel). Projects never saved get a Save dialog.
 */
async function confirmClose(win: BrowserWindow): Promise<boolean> {
  const b = backend;
  if (!b) return true;
  const unsaved = b.projects.unsaved();
  if (unsaved.length === 0) return true;
  const names = unsaved.map((p) => `• ${p.doc.title}${p.path ? ` (${path.basename(p.path)})` : ' (never saved)'}`).join('\n');
  const { response } = await dialog.showMessageBox(win, {
    type: 'warning',
    buttons: ['Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    message: unsaved.length === 1 ? 'Save changes to this project before closing?' : `Save changes to ${unsaved.length} projects before closing?`,
    detail: `${names}\n\nIf you don't save, your changes are lost.`,
  });
  if (response === 2) return false;
  for (const p of unsaved) {
    if (response === 1) {
      await b.projects.closeProject(p.id, true);
      continue;
    }
    let target = p.path;
    if (!target || p.readOnly) {
      const r = await chooseFile({ mode: 'save', title: `Save "${p.doc.title}"`, defaultPath: `${p.doc.title.replace(/[^\w.-]+/g, '-')}.nrlab` });
      if (!r.path) return false;
      target = r.path;
    }
    try {
      await b.projects.saveProject(p.id, target);
    } catch (e) {
      dialog.showErrorBox('Save failed', e instanceof Error ? e.message : String(e));
      return false;
    }
  }
  return true;
}

function createWindow(): BrowserWindow {
  const state = loadWindowState(dataDir());
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 900,
    minHeight: 600,
    title: APP_NAME,
    show: false,
    backgroundColor: '#f7f8fa',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  let closing = false;
  win.on('close', (e) => {
    saveWindowState(dataDir(), { ...win.getNormalBounds(), maximized: win.isMaximized() });
    if (closing) return;
    e.preventDefault();
    void confirmClose(win).then((ok) => {
      if (!ok) return;
      closing = true;
      win.close();
    });
  });
  // The renderer is a local app: no navigation away from it, no new windows; links open outside.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  void win.loadFile(rendererIndex());
  return win;
}

function buildMenu(): Menu {
  const about = (): void =>
    void dialog.showMessageBox({
      type: 'info',
      title: `About ${APP_NAME}`,
      message: `${APP_NAME} ${APP_VERSION}`,
      detail: `A workbench for loss-engineered nonreciprocity in photonics.\nSolver workers: ${backend?.pool.workers ?? '—'}\nData: ${dataDir()}`,
    });
  const mac = process.platform === 'darwin';
  // macOS: the application menu (About, Hide, Quit) comes first and File has no Quit
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: APP_NAME,
          submenu: [
            { label: `About ${APP_NAME}`, click: about },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  const template: MenuItemConstructorOptions[] = [
    ...appMenu,
    {
      label: 'File',
      submenu: [
        { label: 'New Project', accelerator: 'CmdOrCtrl+N', click: () => command({ command: 'new' }) },
        { label: 'New from Example', submenu: EXAMPLES.map((e) => ({ label: e.title, click: () => command({ command: 'new-from-example', example: e.name }) })) },
        {
          label: 'Open…',
          accelerator: 'CmdOrCtrl+O',
          click: () =>
            void chooseFile({ mode: 'open' }).then((r) => {
              if (r.path) void openFromOs(r.path);
            }),
        },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => command({ command: 'save' }) },
        {
          label: 'Save As…',
          accelerator: 'CmdOrCtrl+Shift+S',
          click: () =>
            void chooseFile({ mode: 'save' }).then((r) => {
              if (r.path) command({ command: 'save-as', path: r.path });
            }),
        },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => command({ command: 'export' }) },
        { type: 'separator' },
        { label: 'Close Project', accelerator: 'CmdOrCtrl+W', click: () => command({ command: 'close' }) },
        ...(mac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // project undo/redo; text fields keep their own (the renderer routes the keys)
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => command({ command: 'undo' }) },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Y', click: () => command({ command: 'redo' }) },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'Study',
      submenu: [
        { label: 'Run', accelerator: 'CmdOrCtrl+Enter', click: () => command({ command: 'run' }) },
        { label: 'Cancel', accelerator: 'Escape', registerAccelerator: false, click: () => command({ command: 'cancel' }) },
      ],
    },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }],
    },
    {
      label: 'Help',
      submenu: [...(mac ? [] : [{ label: `About ${APP_NAME}`, click: about }]), { label: 'Show Log File', click: () => void shell.showItemInFolder(path.join(dataDir(), 'logs', 'nrlab.log')) }],
    },
  ];
  return Menu.buildFromTemplate(template);
}

function registerIpc(b: Backend): void {
  const dispatcher = new Dispatcher({ ...b.handlers('electron'), chooseFile: (req) => chooseFile(req) });
  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, args: unknown) => {
    // only our own page may call the backend
    if (!event.senderFrame || !event.senderFrame.url.startsWith('file://')) {
      return { ok: false, error: { name: 'NrlabError', code: 'bad-input', message: 'calls are accepted from the NR Lab window only' } };
    }
    return dispatcher.handle(method, args);
  });
  b.bus.subscribe((name, payload) => {
    for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.webContents.send(EVENT_CHANNEL, name, payload);
  });
}

// One NR Lab at a time: a second start (opening a .nrlab from the file manager while NR Lab runs)
// hands its file to this one, which opens it in its window, and quits.
const primary = app.requestSingleInstanceLock();
if (!primary) {
  app.quit();
} else {
  app.on('second-instance', (_e, argv) => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const file = nrlabFileIn(argv);
    if (file) void openFromOs(file);
  });
}

process.on('uncaughtException', (err) => log('error', `uncaught: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (err) => log('error', `unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));

app.whenReady().then(
  () => {
    if (!primary) return; // the running NR Lab opens the file; this one is quitting
    backend = new Backend({ dataDir: dataDir(), logAs: 'app' });
    registerIpc(backend);
    Menu.setApplicationMenu(buildMenu());
    const win = createWindow();
    // a .nrlab file given on the command line (Windows/Linux file association)
    const file = nrlabFileIn(process.argv);
    if (file) win.webContents.once('did-finish-load', () => void openFromOs(file));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  },
  (err: unknown) => {
    dialog.showErrorBox(APP_NAME, `NR Lab could not start: ${err instanceof Error ? err.message : String(err)}`);
    app.quit();
  },
);

// macOS file association
app.on('open-file', (e, file) => {
  e.preventDefault();
  if (!primary) return;
  if (app.isReady()) void openFromOs(file);
  else void app.whenReady().then(() => setTimeout(() => void openFromOs(file), 500));
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  log('info', 'quit');
  void backend?.close();
});
