/**
 * A time chart drawn by uPlot (small, fast, canvas): x in simulated seconds, a y axis with its unit,
 * ticks, grid and a legend that shows the values under the cursor. Colours come from VS Code's CSS
 * variables (charts-*, foreground, widget border), read again when the theme changes, so light,
 * dark and high-contrast themes all apply.
 */
import { css, html, LitElement, unsafeCSS, type PropertyValues, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';

/** One line of a chart. */
export interface ChartSeries {
  readonly label: string;
  /** A CSS variable, e.g. '--vscode-charts-blue', and a fallback colour. */
  readonly color: readonly [string, string];
  readonly dash?: readonly number[];
}

/** The chart element. `data[0]` is x (seconds), then one array per series. */
export class TimeChart extends LitElement {
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

  private plot: uPlot | undefined;
  private plotKey = '';
  private readonly resize = new ResizeObserver(() => this.fit());
  private readonly themeWatch = new MutationObserver(() => this.rebuild());

  static override styles = [
    unsafeCSS(uplotCss),
    css`
      :host { display: block; min-width: 260px; }
      h4 { margin: 0 0 4px; font-size: 0.95em; font-weight: 600; color: var(--vscode-foreground); }
      .plot { width: 100%; }
      .uplot { font-family: var(--vscode-font-family); color: var(--vscode-foreground); width: 100%; }
      .u-legend { font-size: 11px; color: var(--vscode-foreground); text-align: left; }
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

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
    this.themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.themeWatch.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const key = `${this.unit}|${this.series.map((s) => s.label).join('|')}`;
    if (!this.plot || key !== this.plotKey) this.rebuild();
    else if (changed.has('data')) this.plot.setData(this.data.map((d) => [...d]) as uPlot.AlignedData);
    else if (changed.has('marker')) this.plot.redraw(false);
  }

  private color(name: string, fallback: string): string {
    return getComputedStyle(this).getPropertyValue(name).trim() || fallback;
  }

  private rebuild(): void {
    const target = this.renderRoot.querySelector<HTMLDivElement>('.plot');
    if (!target) return;
    this.plot?.destroy();
    this.plotKey = `${this.unit}|${this.series.map((s) => s.label).join('|')}`;
    const fg = this.color('--vscode-descriptionForeground', '#888');
    const grid = this.color('--vscode-contrastBorder', '') || this.color('--vscode-widget-border', 'rgba(128,128,128,0.25)');
    const axis = (label: string): uPlot.Axis => ({
      stroke: fg, label, labelSize: 18, size: 44, font: '11px sans-serif', labelFont: '11px sans-serif',
      grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 4 },
    });
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
    const opts: uPlot.Options = {
      hooks: { draw: [drawMarker] },
      width: Math.max(240, this.clientWidth),
      height: 170,
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      legend: { show: true, live: true },
      axes: [axis('s'), axis(this.unit)],
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
    this.plot = new uPlot(opts, this.data.map((d) => [...d]) as uPlot.AlignedData, target);
  }

  private fit(): void {
    if (this.plot && Math.abs(this.plot.width - this.clientWidth) > 4) this.plot.setSize({ width: Math.max(240, this.clientWidth), height: 170 });
  }

  override render(): TemplateResult {
    return html`<h4>${this.heading}</h4><div class="plot" role="img" aria-label=${this.heading}></div>`;
  }
}

customElements.define('brokerlens-chart', TimeChart);
