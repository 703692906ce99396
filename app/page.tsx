import { redirect } from "next/navigation";
import { currentUserId } from "@/lib/auth/current-user";

export default async function Home() {
  redirect((await currentUserId()) ? "/dashboard" : "/sign-in");
}
