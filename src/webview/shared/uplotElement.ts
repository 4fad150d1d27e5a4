/**
 * The host every uPlot chart of the webviews shares: uPlot's stylesheet and the VS Code look, colours
 * read from VS Code's CSS variables and read again (the plot rebuilt) when the theme changes, the
 * width following the element, and the plot destroyed when the element leaves the page. A chart
 * says only what it draws: its options, its data, and when a change needs a new plot.
 */
import { css, LitElement, unsafeCSS, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';

/** The theme colours every chart draws its axes with. */
export interface ChartTheme {
  /** Axis text and labels. */
  readonly fg: string;
  /** Grid lines and ticks. */
  readonly grid: string;
}

const HEIGHT = 170;
const MIN_WIDTH = 240;

/** An axis in the VS Code look: small text in the description colour, a grid in the border colour. */
export function themedAxis(theme: ChartTheme, label: string, size: number): uPlot.Axis {
  return {
    stroke: theme.fg, label, labelSize: 18, size, font: '11px sans-serif', labelFont: '11px sans-serif',
    grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1, size: 4 },
  };
}

/** A Lit element that hosts one uPlot plot in its `.plot` div (its render() must draw one). */
export abstract class UplotElement extends LitElement {
  static override styles = [
    unsafeCSS(uplotCss),
    css`
      :host { display: block; min-width: 260px; }
      h4 { margin: 0 0 4px; font-size: 0.95em; font-weight: 600; color: var(--vscode-foreground); }
      .uplot { font-family: var(--vscode-font-family); color: var(--vscode-foreground); width: 100%; }
      .u-legend { font-size: 11px; color: var(--vscode-foreground); text-align: left; }
    `,
  ];

  protected plot: uPlot | undefined;
  private builtFor = '';
  private readonly resize = new ResizeObserver(() => this.fit());
  private readonly themeWatch = new MutationObserver(() => this.rebuild());

  /** What the plot is built for (series, labels, unit): when it changes, the plot is built again. */
  protected abstract shape(): string;
  /** uPlot's options for the current properties and colours (the host sets width and height). */
  protected abstract options(theme: ChartTheme): Omit<uPlot.Options, 'width' | 'height'>;
  protected abstract plotData(): uPlot.AlignedData;
  /** Brings the plot up to date after a change that kept its shape. */
  protected abstract refresh(changed: PropertyValues<this>): void;

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
    if (!this.plot || this.shape() !== this.builtFor) this.rebuild();
    else this.refresh(changed);
  }

  /** A theme colour (a VS Code CSS variable), or `fallback` where the theme does not set it. */
  protected color(name: string, fallback: string): string {
    return getComputedStyle(this).getPropertyValue(name).trim() || fallback;
  }

  private rebuild(): void {
    const target = this.renderRoot.querySelector<HTMLDivElement>('.plot');
    if (!target) return;
    this.plot?.destroy();
    this.builtFor = this.shape();
    const theme: ChartTheme = {
      fg: this.color('--vscode-descriptionForeground', '#888'),
      grid: this.color('--vscode-contrastBorder', '') || this.color('--vscode-widget-border', 'rgba(128,128,128,0.25)'),
    };
    this.plot = new uPlot({ ...this.options(theme), width: Math.max(MIN_WIDTH, this.clientWidth), height: HEIGHT }, this.plotData(), target);
  }

  private fit(): void {
    if (this.plot && Math.abs(this.plot.width - this.clientWidth) > 4) this.plot.setSize({ width: Math.max(MIN_WIDTH, this.clientWidth), height: HEIGHT });
  }
}
