import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { auth, signOut } from "@/lib/auth";
import { currentUserId } from "@/lib/auth/current-user";
import { NavLinks } from "./nav-links";

export default async function AppLayout({ children }: { children: ReactNode }) {
  if (!(await currentUserId())) redirect("/sign-in");
  const session = await auth();
  const who = session?.user?.name || session?.user?.email || "Runner";
  return (
    <div className="app-shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/dashboard" className="brand">
          Patella
        </Link>
        <div className="account">
          <span className="muted who" data-testid="signed-in-as">
            {who}
          </span>
          <form
            action={async () => {
              "use server";
              await signOut({ redirectTo: "/sign-in" });
            }}
          >
            <button type="submit" className="button link">
              Sign out
            </button>
          </form>
        </div>
        {/* Last in the header and on a row of its own, so the tab order follows what the eye sees at every width. */}
        <nav aria-label="Main" className="main-nav">
          <NavLinks />
        </nav>
      </header>
      {/* The skip link's target: focusable from script and the link only, not in the tab order. */}
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
