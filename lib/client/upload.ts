/** Browser-side upload of one file with progress, answering with the API's JSON or its error. */
export interface UploadAnswer {
  status: number;
  body: unknown;
}

/**
 * POSTs a body with upload progress (fetch reports none), answering with the status and the JSON
 * body (null when it is not JSON; status 0 when the connection failed).
 */
export function postWithProgress(url: string, body: XMLHttpRequestBodyInit, headers: Record<string, string>, onProgress: (fraction: number) => void): Promise<UploadAnswer> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("accept", "application/json");
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        parsed = null;
      }
      resolve({ status: xhr.status, body: parsed });
    };
    xhr.onerror = () => resolve({ status: 0, body: null });
    xhr.send(body);
  });
}

/** One activity file to POST /api/v1/uploads, as the multipart field "file". */
export function uploadWithProgress(file: File, onProgress: (fraction: number) => void): Promise<UploadAnswer> {
  const form = new FormData();
  form.append("file", file);
  return postWithProgress("/api/v1/uploads", form, {}, onProgress);
}

/** An archive to POST /api/v1/archives, as the raw body. */
export function sendArchive(file: File, onProgress: (fraction: number) => void): Promise<UploadAnswer> {
  return postWithProgress("/api/v1/archives", file, { "content-type": "application/zip", "x-file-name": encodeURIComponent(file.name) }, onProgress);
}

/** Runs `task` over `items` with at most `limit` at a time; one failure never stops the others. */
export async function eachWithLimit<T>(items: T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        await task(items[i]!, i);
      } catch {
        // the task reports its own failure
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
