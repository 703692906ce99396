import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="auth-shell">
      <div className="auth-card">
        <p className="brand" aria-hidden="true">
          Patella
        </p>
        {children}
      </div>
      <p className="disclaimer">Patella educates about training load; it does not diagnose. For pain that worries you, see a healthcare professional.</p>
    </main>
  );
}
