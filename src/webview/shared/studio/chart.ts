/**
 * A time chart drawn by uPlot (small, fast, canvas): x in simulated seconds, a y axis with its unit,
 * ticks, grid and a legend that shows the values under the cursor. Colours come from VS Code's CSS
 * variables (charts-*, foreground, widget border), read again when the theme changes, so light,
 * dark and high-contrast themes all apply.
 */
import { css, html, type PropertyValues, type TemplateResult } from 'lit';
import type uPlot from 'uplot';
import { themedAxis, UplotElement, type ChartTheme } from '../uplotElement.js';

/** One line of a chart. */
export interface ChartSeries {
  readonly label: string;
  /** A CSS variable, e.g. '--vscode-charts-blue', and a fallback colour. */
  readonly color: readonly [string, string];
  readonly dash?: readonly number[];
}

/** The chart element. `data[0]` is x (seconds), then one array per series. */
export class TimeChart extends UplotElement {
  static override properties = {
    heading: { attribute: false },
    unit: { attribute: false },
    series: { attribute: false },
    data: { attribute: false },
    marker: { attribute: false },
  };
  declare heading: string;
  declare unit: string;
  declare series: readonly ChartSeries[];
  declare data: readonly (readonly (number | null)[])[];
  /** An x value (seconds) marked with a vertical line: the moment the compare panel shows. */
  declare marker: number | undefined;

  static override styles = [
    ...UplotElement.styles,
    css`
      .plot { width: 100%; }
      .u-legend .u-marker { border-radius: 2px; }
      .u-select { background: var(--vscode-editor-selectionBackground, rgba(128, 128, 128, 0.2)); }
      .empty { color: var(--vscode-descriptionForeground); font-size: 0.9em; padding: 8px 0; }
    `,
  ];

  constructor() {
    super();
    this.heading = '';
    this.unit = '';
    this.series = [];
    this.data = [[]];
  }

  protected shape(): string {
    return `${this.unit}|${this.series.map((s) => s.label).join('|')}`;
  }

  protected plotData(): uPlot.AlignedData {
    return this.data.map((d) => [...d]) as uPlot.AlignedData;
  }

  protected refresh(changed: PropertyValues<this>): void {
    if (changed.has('data')) this.plot?.setData(this.plotData());
    else if (changed.has('marker')) this.plot?.redraw(false);
  }

  protected options(theme: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> {
    const markerColor = this.color('--vscode-focusBorder', '#007fd4');
    const drawMarker = (u: uPlot): void => {
      if (this.marker === undefined) return;
      const x = Math.round(u.valToPos(this.marker, 'x', true));
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = markerColor;
      ctx.lineWidth = 2 * (window.devicePixelRatio || 1);
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      ctx.restore();
    };
    return {
      hooks: { draw: [drawMarker] },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      legend: { show: true, live: true },
      axes: [themedAxis(theme, 's', 44), themedAxis(theme, this.unit, 44)],
      series: [
        { label: 's', value: (_u, v) => (v === null || v === undefined ? '-' : `${v.toFixed(0)} s`) },
        ...this.series.map((s) => ({
          label: s.label,
          stroke: this.color(s.color[0], s.color[1]),
          width: 1.5,
          spanGaps: true,
          ...(s.dash ? { dash: [...s.dash] } : {}),
          value: (_u: uPlot, v: number | null | undefined) => (v === null || v === undefined ? '-' : Math.round(v).toLocaleString('en-US')),
          points: { show: false },
        })),
      ],
    };
  }

  override render(): TemplateResult {
    return html`<h4>${this.heading}</h4><div class="plot" role="img" aria-label=${this.heading}></div>`;
  }
}

customElements.define('brokerlens-chart', TimeChart);
