import { useId, type ReactNode } from "react";

/**
 * The numbers behind a chart, the same way under every chart: a closed "Show the numbers"
 * disclosure holding a real table with a caption. Give it the table's <thead> and <tbody>, with
 * <th scope="col"> for columns and <th scope="row"> for the first cell of each row. The scrolling
 * box is focusable and named by the caption, so keyboard users can scroll wide tables.
 */
export function ChartNumbers({ caption, testId, note, children }: { caption: string; testId?: string; note?: ReactNode; children: ReactNode }) {
  const captionId = useId();
  return (
    <details className="chart-numbers">
      <summary>Show the numbers</summary>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table className="data-table" data-testid={testId}>
          <caption id={captionId}>{caption}</caption>
          {children}
        </table>
      </div>
      {note}
    </details>
  );
}
