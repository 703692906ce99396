import type { ReactNode } from "react";

/** An error message announced to screen readers; renders nothing without a message. */
export function Alert({ children }: { children: ReactNode }) {
  if (children === null || children === undefined || children === false || children === "") return null;
  return (
    <p role="alert" className="error">
      {children}
    </p>
  );
}
