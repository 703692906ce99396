import Link from "next/link";
import type { Units } from "@/db/schema";
import type { Today } from "@/lib/today/today";
import { todayText } from "@/lib/today/words";

/**
 * The answer first (server-rendered into the dashboard's HTML): the latest run and its spike, how
 * far the next run can go and when that changes, the week so far, and the last check-in. While a
 * warning sign is open it gives no distance and no advice: it sends the runner to a professional.
 */
export function TodayCard({ today, units }: { today: Today; units: Units }) {
  const text = todayText(today, units);
  const held = today.ceiling.basis === "held";
  const checkinHref = today.checkinDue ? `/checkins/new?activity=${today.checkinDue.activityId}` : "/checkins/new";
  return (
    <section className="card today-card" aria-labelledby="today-title" data-testid="today-card">
      <h2 id="today-title">Today</h2>
      {today.latestRun === null ? (
        <p>
          No runs yet. <Link href="/upload">Upload a run</Link> or connect Strava in <Link href="/settings">Settings</Link>, and this card will show how far
          your next run can go.
        </p>
      ) : (
        <>
          {held ? (
            <div className="today-held" data-testid="today-held">
              <p className="today-ceiling">{text.ceiling.headline}</p>
              <p>{text.warningSign}</p>
            </div>
          ) : (
            <div data-testid="today-ceiling">
              <p className="today-ceiling">{text.ceiling.headline}</p>
              <p className="small muted">
                {text.ceiling.reason}
                {text.ceiling.change ? ` ${text.ceiling.change}` : ""}
              </p>
            </div>
          )}
          <div className="today-grid">
            <p data-testid="today-latest">
              <strong>Latest run</strong> · <Link href={`/activities/${today.latestRun.activityId}`}>{text.latestRun}</Link>
            </p>
            <p data-testid="today-week">{text.week}</p>
          </div>
        </>
      )}
      <div className="today-actions">
        <span data-testid="today-checkin">
          {text.checkinDue ? <strong>{text.checkinDue}</strong> : text.lastCheckin}
          {text.checkinDue && today.lastCheckin ? <span className="muted small"> {text.lastCheckin}</span> : null}
        </span>
        <Link href={checkinHref} className="button" data-testid="today-checkin-button">
          {today.checkinDue ? "Check in for this run" : "Check in"}
        </Link>
      </div>
    </section>
  );
}
