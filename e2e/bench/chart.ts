/** A tiny SVG line chart (no chart library): panels side by side sharing a legend, log-scaled y. */

export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

export interface Panel {
  title: string;
  series: Series[];
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  /** x ticks (the values measured). */
  xTicks: number[];
  panels: Panel[];
}

const PANEL_W = 360;
const PANEL_H = 260;
const M = { top: 56, right: 20, bottom: 48, left: 64 };
const LEGEND_W = 230;

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Renders `spec` as a standalone SVG document. y is log10-scaled between powers of ten around the data. */
export function renderChart(spec: ChartSpec): string {
  const ys = spec.panels.flatMap((p) => p.series.flatMap((s) => s.points.map((pt) => pt.y))).filter((y) => y > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...ys, 1))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...ys, 10)));
  const xMax = Math.max(...spec.xTicks) * 1.08;
  const width = M.left + spec.panels.length * (PANEL_W + M.left) + LEGEND_W;
  const height = M.top + PANEL_H + M.bottom;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(spec.title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${M.left}" y="22" font-size="15" font-weight="bold">${esc(spec.title)}</text>`,
  ];
  spec.panels.forEach((panel, index) => {
    const ox = M.left + index * (PANEL_W + M.left);
    const oy = M.top;
    const sx = (x: number) => Math.round((ox + (x / xMax) * PANEL_W) * 10) / 10;
    const sy = (y: number) => {
      const share = (Math.log10(Math.max(y, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
      return Math.round((oy + PANEL_H - share * PANEL_H) * 10) / 10;
    };
    out.push(`<text x="${ox}" y="${oy - 10}" font-weight="bold">${esc(panel.title)}</text>`);
    out.push(`<rect x="${ox}" y="${oy}" width="${PANEL_W}" height="${PANEL_H}" fill="none" stroke="#999"/>`);
    for (let decade = lo; decade <= hi; decade *= 10) {
      for (const m of [1, 2, 5]) {
        const v = decade * m;
        if (v > hi) break;
        const y = sy(v);
        out.push(`<line x1="${ox}" x2="${ox + PANEL_W}" y1="${y}" y2="${y}" stroke="#eee"/>`);
        out.push(`<text x="${ox - 6}" y="${y + 4}" text-anchor="end" fill="#555">${v}</text>`);
      }
    }
    for (const tick of spec.xTicks) {
      const x = sx(tick);
      out.push(`<line x1="${x}" x2="${x}" y1="${oy}" y2="${oy + PANEL_H}" stroke="#eee"/>`);
      out.push(`<text x="${x}" y="${oy + PANEL_H + 16}" text-anchor="middle" fill="#555">${tick}</text>`);
    }
    out.push(
      `<text x="${ox + PANEL_W / 2}" y="${oy + PANEL_H + 36}" text-anchor="middle">${esc(spec.xLabel)}</text>`,
      `<text transform="translate(${ox - 46} ${oy + PANEL_H / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`,
    );
    for (const series of panel.series) {
      const points = series.points.filter((p) => Number.isFinite(p.y) && p.y > 0);
      if (points.length === 0) continue;
      const path = points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(" ");
      const dash = series.dashed ? ` stroke-dasharray="5 4"` : "";
      out.push(`<polyline points="${path}" fill="none" stroke="${series.color}" stroke-width="2"${dash}/>`);
      for (const p of points) {
        out.push(`<circle cx="${sx(p.x)}" cy="${sy(p.y)}" r="3" fill="${series.color}"/>`);
      }
    }
  });
  const legendX = M.left + spec.panels.length * (PANEL_W + M.left) - M.left + 24;
  const legend = spec.panels[0]?.series ?? [];
  legend.forEach((series, i) => {
    const y = M.top + 8 + i * 20;
    const dash = series.dashed ? ` stroke-dasharray="5 4"` : "";
    out.push(
      `<line x1="${legendX}" x2="${legendX + 28}" y1="${y}" y2="${y}" stroke="${series.color}" stroke-width="2"${dash}/>`,
      `<text x="${legendX + 36}" y="${y + 4}">${esc(series.label)}</text>`,
    );
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
