/**
 * Lag per partition as bars, drawn by uPlot (the panel's one chart library): x is the partition's
 * place in the table (labelled topic:partition when the group reads several topics), y the lag in
 * records. Colours come from VS Code's theme variables and are read again when the theme changes.
 */
import * as l10n from '@vscode/l10n';
import { html, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import { themedAxis, UplotElement, type ChartTheme } from '../shared/uplotElement.js';

/** One bar. */
export interface LagBar {
  readonly label: string;
  readonly lag: number;
}

/** The bar chart element. */
export class LagBars extends UplotElement {
  static override properties = { bars: { attribute: false } };
  declare bars: readonly LagBar[];

  constructor() {
    super();
    this.bars = [];
  }

  protected shape(): string {
    return this.bars.map((b) => b.label).join('|');
  }

  protected plotData(): uPlot.AlignedData {
    return [this.bars.map((_, i) => i), this.bars.map((b) => b.lag)];
  }

  protected refresh(): void {
    this.plot?.setData(this.plotData());
  }

  protected options(theme: ChartTheme): Omit<uPlot.Options, 'width' | 'height'> {
    const fill = this.color('--vscode-charts-blue', '#3794ff');
    const labels = this.bars.map((b) => b.label);
    // At most about 24 tick labels: with hundreds of partitions every label would overlap.
    const step = Math.max(1, Math.ceil(labels.length / 24));
    const bars = uPlot.paths.bars!({ size: [0.7, 48], align: 0 });
    return {
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      legend: { show: true, live: true },
      axes: [
        { ...themedAxis(theme, l10n.t('partition'), 48), splits: () => labels.map((_, i) => i).filter((i) => i % step === 0), values: (_u, splits) => splits.map((i) => labels[i] ?? '') },
        themedAxis(theme, l10n.t('records'), 48),
      ],
      series: [
        { label: l10n.t('partition'), value: (_u, v) => (v === null || v === undefined ? '-' : (labels[v] ?? '-')) },
        { label: l10n.t('lag'), fill, stroke: fill, width: 0, paths: bars, points: { show: false }, value: (_u, v) => (v === null || v === undefined ? '-' : Math.round(v).toLocaleString('en-US')) },
      ],
    };
  }

  override render(): TemplateResult {
    return html`<h4>${l10n.t('Lag per partition')}</h4><div class="plot" role="img" aria-label=${l10n.t('Lag per partition')}></div>`;
  }
}

customElements.define('brokerlens-lag-bars', LagBars);
