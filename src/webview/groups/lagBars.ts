/**
 * Lag per partition as bars, drawn by uPlot (the panel's one chart library): x is the partition's
 * place in the table (labelled topic:partition when the group reads several topics), y the lag in
 * records. Colours come from VS Code's theme variables and are read again when the theme changes.
 */
import * as l10n from '@vscode/l10n';
import { css, html, LitElement, unsafeCSS, type PropertyValues, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';

/** One bar. */
export interface LagBar {
  readonly label: string;
  readonly lag: number;
}

/** The bar chart element. */
export class LagBars extends LitElement {
  static override properties = { bars: { attribute: false } };
  declare bars: readonly LagBar[];

  private plot: uPlot | undefined;
  private plotKey = '';
  private readonly resize = new ResizeObserver(() => this.fit());
  private readonly themeWatch = new MutationObserver(() => this.rebuild());

  static override styles = [
    unsafeCSS(uplotCss),
    css`
      :host { display: block; min-width: 260px; }
      h4 { margin: 0 0 4px; font-size: 0.95em; font-weight: 600; color: var(--vscode-foreground); }
      .uplot { font-family: var(--vscode-font-family); color: var(--vscode-foreground); width: 100%; }
      .u-legend { font-size: 11px; color: var(--vscode-foreground); text-align: left; }
    `,
  ];

  constructor() {
    super();
    this.bars = [];
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

  private data(): uPlot.AlignedData {
    return [this.bars.map((_, i) => i), this.bars.map((b) => b.lag)];
  }

  protected override updated(_changed: PropertyValues<this>): void {
    const key = this.bars.map((b) => b.label).join('|');
    if (!this.plot || key !== this.plotKey) this.rebuild();
    else this.plot.setData(this.data());
  }

  private color(name: string, fallback: string): string {
    return getComputedStyle(this).getPropertyValue(name).trim() || fallback;
  }

  private rebuild(): void {
    const target = this.renderRoot.querySelector<HTMLDivElement>('.plot');
    if (!target) return;
    this.plot?.destroy();
    this.plotKey = this.bars.map((b) => b.label).join('|');
    const fg = this.color('--vscode-descriptionForeground', '#888');
    const grid = this.color('--vscode-contrastBorder', '') || this.color('--vscode-widget-border', 'rgba(128,128,128,0.25)');
    const fill = this.color('--vscode-charts-blue', '#3794ff');
    const labels = this.bars.map((b) => b.label);
    // At most about 24 tick labels: with hundreds of partitions every label would overlap.
    const step = Math.max(1, Math.ceil(labels.length / 24));
    const axis = (label: string): uPlot.Axis => ({
      stroke: fg, label, labelSize: 18, size: 48, font: '11px sans-serif', labelFont: '11px sans-serif',
      grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 4 },
    });
    const bars = uPlot.paths.bars!({ size: [0.7, 48], align: 0 });
    this.plot = new uPlot(
      {
        width: Math.max(240, this.clientWidth),
        height: 170,
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        legend: { show: true, live: true },
        axes: [
          { ...axis(l10n.t('partition')), splits: () => labels.map((_, i) => i).filter((i) => i % step === 0), values: (_u, splits) => splits.map((i) => labels[i] ?? '') },
          axis(l10n.t('records')),
        ],
        series: [
          { label: l10n.t('partition'), value: (_u, v) => (v === null || v === undefined ? '-' : (labels[v] ?? '-')) },
          { label: l10n.t('lag'), fill, stroke: fill, width: 0, paths: bars, points: { show: false }, value: (_u, v) => (v === null || v === undefined ? '-' : Math.round(v).toLocaleString('en-US')) },
        ],
      },
      this.data(),
      target,
    );
  }

  private fit(): void {
    if (this.plot && Math.abs(this.plot.width - this.clientWidth) > 4) this.plot.setSize({ width: Math.max(240, this.clientWidth), height: 170 });
  }

  override render(): TemplateResult {
    return html`<h4>${l10n.t('Lag per partition')}</h4><div class="plot" role="img" aria-label=${l10n.t('Lag per partition')}></div>`;
  }
}

customElements.define('brokerlens-lag-bars', LagBars);
