import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUserId } from "@/lib/auth/current-user";
import { stravaConfigured } from "@/lib/env";
import { SignInForm } from "./sign-in-form";
import { Alert } from "@/app/_components/alert";

export const metadata: Metadata = { title: "Sign in" };

const OAUTH_ERRORS: Record<string, string> = {
  AccessDenied: "Strava access was not granted, so you were not signed in.",
  OAuthCallbackError: "Sign-in with Strava did not complete: access was not granted, or Strava answered with an error. Please try again.",
  OAuthAccountNotLinked: "This Strava account is linked to another Patella account.",
  SignupClosed:
    "This Strava account has no Patella account on this server, and new accounts need an invitation here. Sign up with your invitation first, then connect Strava in Settings.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentUserId()) redirect("/dashboard");
  const { error, deleted, signedOut } = await searchParams;
  const oauthError =
    typeof error === "string" && error !== "CredentialsSignin"
      ? (OAUTH_ERRORS[error] ?? "Sign-in did not complete. Please try again.")
      : null;
  return (
    <>
      <h1>Sign in</h1>
      {deleted === "1" ? (
        <p role="status" className="ok">
          Your account and all its data were deleted.
        </p>
      ) : null}
      {signedOut === "everywhere" ? (
        <p role="status" className="ok">
          You were signed out everywhere: every session of your account has ended.
        </p>
      ) : null}
      <Alert>{oauthError}</Alert>
      <SignInForm strava={stravaConfigured()} />
      <p className="muted">
        New to Patella? <Link href="/sign-up">Create an account</Link>
      </p>
    </>
  );
}
