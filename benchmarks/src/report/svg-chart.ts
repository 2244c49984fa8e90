/** One line of a chart. */
export interface ChartSeries {
  /** Legend label. */
  label: string;
  /** Points (x ascending). */
  points: Array<{ x: number; y: number }>;
  /** Dashed line (e.g. for tenant-wide searches). */
  dashed?: boolean;
}

/** Options of a log-log line chart. */
export interface ChartOptions {
  /** Title at the top. */
  title: string;
  /** X-axis label. */
  xLabel: string;
  /** Y-axis label. */
  yLabel: string;
  /** The lines. */
  series: ChartSeries[];
  /** Horizontal reference lines, e.g. targets. */
  references?: Array<{ y: number; label: string }>;
}

const palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
const escapeXml = (text: string) =>
  text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");

function decades(low: number, high: number): number[] {
  const result: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++)
    result.push(10 ** exponent);
  return result;
}

function tickLabel(value: number): string {
  if (value >= 1000) return `${value / 1000}k`;
  return String(value);
}

/** Draws a log-log line chart as a standalone SVG document (no dependencies, readable on GitHub). */
export function renderLogLogChart(options: ChartOptions): string {
  const width = 760;
  const height = 460;
  const margin = { left: 70, right: 200, top: 40, bottom: 55 };
  const points = options.series
    .flatMap((series) => series.points)
    .filter((point) => point.x > 0 && point.y > 0);
  const ys = [
    ...points.map((point) => point.y),
    ...(options.references ?? []).map((reference) => reference.y),
  ];
  const xTicks = decades(
    Math.min(...points.map((point) => point.x)),
    Math.max(...points.map((point) => point.x)),
  );
  const yTicks = decades(Math.min(...ys), Math.max(...ys));
  const [xLow, xHigh] = [Math.log10(xTicks[0]!), Math.log10(xTicks.at(-1)!)];
  const [yLow, yHigh] = [Math.log10(yTicks[0]!), Math.log10(yTicks.at(-1)!)];
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const sx = (x: number) => margin.left + ((Math.log10(x) - xLow) / (xHigh - xLow || 1)) * plotWidth;
  const sy = (y: number) =>
    margin.top + plotHeight - ((Math.log10(y) - yLow) / (yHigh - yLow || 1)) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="24" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  for (const tick of xTicks) {
    parts.push(
      `<line x1="${sx(tick)}" x2="${sx(tick)}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#e5e5e5"/>`,
    );
    parts.push(
      `<text x="${sx(tick)}" y="${margin.top + plotHeight + 18}" text-anchor="middle">${tickLabel(tick)}</text>`,
    );
  }
  for (const tick of yTicks) {
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${sy(tick)}" y2="${sy(tick)}" stroke="#e5e5e5"/>`,
    );
    parts.push(
      `<text x="${margin.left - 8}" y="${sy(tick) + 4}" text-anchor="end">${tickLabel(tick)}</text>`,
    );
  }
  parts.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#888"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(18 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
  );
  for (const reference of options.references ?? []) {
    const y = sy(reference.y);
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y}" y2="${y}" stroke="#999" stroke-dasharray="2 4"/>`,
    );
    parts.push(`<text x="${margin.left + 4}" y="${y - 4}" fill="#666">${escapeXml(reference.label)}</text>`);
  }
  options.series.forEach((series, index) => {
    const color = palette[index % palette.length]!;
    const valid = series.points.filter((point) => point.x > 0 && point.y > 0);
    const dash = series.dashed ? ` stroke-dasharray="6 4"` : "";
    if (valid.length > 1) {
      const path = valid
        .map((point, at) => `${at ? "L" : "M"}${sx(point.x).toFixed(1)} ${sy(point.y).toFixed(1)}`)
        .join(" ");
      parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
    }
    for (const point of valid)
      parts.push(
        `<circle cx="${sx(point.x).toFixed(1)}" cy="${sy(point.y).toFixed(1)}" r="3.5" fill="${color}"/>`,
      );
    const legendY = margin.top + 10 + index * 20;
    const legendX = margin.left + plotWidth + 15;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 24}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="2"${dash}/>`,
    );
    parts.push(`<text x="${legendX + 30}" y="${legendY + 4}">${escapeXml(series.label)}</text>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
