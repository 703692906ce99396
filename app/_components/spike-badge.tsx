import type { SpikeBand } from "@/lib/load/types";
import { spikeBadgeText } from "@/lib/today/words";

/** A run's spike in a few words ("small spike +17%"), coloured by band; the band is also in the words. */
export function SpikeBadge({ spike, className = "" }: { spike: { band: SpikeBand; spike: number | null } | null; className?: string }) {
  if (spike === null) return null;
  return (
    <span className={`badge badge-spike ${className}`.trim()} data-band={spike.band} data-testid="spike-badge">
      {spikeBadgeText(spike.band, spike.spike)}
    </span>
  );
}
