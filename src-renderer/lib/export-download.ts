/**
 * Browser-mode export: the bytes exportFile returned (base64) handed to the browser as a download
 * (a Blob, an object URL and a temporary <a download>).
 */

/** Base64 → bytes. */
export function base64Bytes(data: string): Uint8Array<ArrayBuffer> {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Start a download of `data` (base64) as `fileName`. */
export function downloadBase64(data: string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([base64Bytes(data)], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // the download has started by the time the timer runs; the URL is no longer needed
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}
