export const WORKER_BUNDLE: string;
export function buildWorkers(root?: string): void;
