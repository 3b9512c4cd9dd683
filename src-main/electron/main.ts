/**
 * Electron main process: window, menu, dialogs and IPC registration only. Everything else lives
 * in services that do not import electron (src-main/services).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { Backend } from '../services/backend.js';
import { APP_NAME, APP_VERSION } from '../services/version.js';

const CALL_CHANNEL = 'nrlab:call';
const EVENT_CHANNEL = 'nrlab:event';

let backend: Backend | undefined;

const rendererIndex = (): string => path.join(__dirname, '..', 'renderer', 'index.html');

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
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
  win.once('ready-to-show', () => win.show());
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
  const template: MenuItemConstructorOptions[] = [
    { label: 'File', submenu: [{ role: 'quit' }] },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }] },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }],
    },
    {
      label: 'Help',
      submenu: [
        {
          label: `About ${APP_NAME}`,
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: `About ${APP_NAME}`,
              message: `${APP_NAME} ${APP_VERSION}`,
              detail: `A workbench for loss-engineered nonreciprocity in photonics.\nSolver workers: ${backend?.pool.workers ?? '—'}`,
            }),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

function registerIpc(b: Backend): void {
  const dispatcher = b.dispatcher('electron');
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

app.whenReady().then(
  () => {
    backend = new Backend();
    registerIpc(backend);
    Menu.setApplicationMenu(buildMenu());
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  },
  (err: unknown) => {
    dialog.showErrorBox(APP_NAME, `NR Lab could not start: ${err instanceof Error ? err.message : String(err)}`);
    app.quit();
  },
);

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void backend?.close();
});
