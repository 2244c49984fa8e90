import { describe, expect, it } from "vitest";
import { formatNumber, formatRatio, markdownTable } from "./markdown-table.js";
import { renderLogLogChart } from "./svg-chart.js";

describe("markdownTable", () => {
  it("right-aligns numeric columns", () => {
    expect(
      markdownTable(
        ["name", "value"],
        [
          ["a", "1,000"],
          ["b", "2.5"],
        ],
      ),
    ).toBe("| name | value |\n| --- | ---: |\n| a | 1,000 |\n| b | 2.5 |");
  });
});

describe("formatNumber", () => {
  it("keeps a sensible number of digits", () => {
    expect(formatNumber(12_345.6)).toBe("12,346");
    expect(formatNumber(123.4)).toBe("123");
    expect(formatNumber(12.34)).toBe("12.3");
    expect(formatNumber(1.234)).toBe("1.23");
    expect(formatNumber(0.1234)).toBe("0.123");
    expect(formatNumber(Number.NaN)).toBe("n/a");
    expect(formatRatio(150)).toBe("150×");
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe("n/a");
  });
});

describe("renderLogLogChart", () => {
  it("draws one path per series with more than one point, legends, references and decade ticks", () => {
    const svg = renderLogLogChart({
      title: "Latency <p95>",
      xLabel: "memories",
      yLabel: "ms",
      series: [
        {
          label: "a",
          points: [
            { x: 1000, y: 0.5 },
            { x: 100_000, y: 3 },
          ],
        },
        { label: "b", dashed: true, points: [{ x: 1000, y: 40 }] },
      ],
      references: [{ y: 2, label: "target 2 ms" }],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<path /gu)).toHaveLength(1);
    expect(svg.match(/<circle /gu)).toHaveLength(3);
    expect(svg).toContain("Latency &lt;p95&gt;");
    expect(svg).toContain("target 2 ms");
    expect(svg).toContain(">100k<");
    expect(svg).toContain('stroke-dasharray="6 4"');
  });
});
