import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUserId } from "@/lib/auth/current-user";
import { currentSignupMode } from "@/lib/auth/sign-up";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentUserId()) redirect("/dashboard");
  const mode = await currentSignupMode();
  const { invite } = await searchParams;
  return (
    <>
      <h1>Create your account</h1>
      {mode === "closed" ? (
        <p role="status" data-testid="signup-closed">
          Sign-up is closed on this Patella server: new accounts are not being created. If you run this server, create one with{" "}
          <code>npm run user -- create</code>; otherwise ask the person who runs it.
        </p>
      ) : (
        <>
          {mode === "invite" ? (
            <p className="muted" data-testid="signup-invite">
              Sign-up on this Patella server needs an invitation code. The person who runs it makes one with{" "}
              <code>npm run user -- invite</code>; an invitation link fills the code in for you.
            </p>
          ) : null}
          <SignUpForm invite={mode === "invite" ? { code: typeof invite === "string" ? invite : "" } : null} />
        </>
      )}
      <p className="muted">
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </>
  );
}
