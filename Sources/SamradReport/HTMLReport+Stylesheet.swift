import Foundation

extension HTMLReport {
    /// The report's inline stylesheet: screen, then print on A4. Its first comment lists every
    /// colour pair with its contrast ratio, computed from ``ReportPalette``.
    package static let stylesheet: String = {
        let palette = ReportPalette.self
        let ratios = palette.pairs.map { pair in
            "  \(pair.foreground) on \(pair.background) "
                + String(format: "%.2f:1", pair.ratio)
                + " (at least \(pair.minimum == 3 ? "3" : "4.5"):1) \(pair.use)"
        }
        let comment = (["/* Contrast, WCAG 2.1 AA (text 4.5:1, graphics 3:1):"] + ratios + ["*/"]).joined(separator: "\n")
        return comment + "\n" + """
            :root { color: \(palette.ink); background: \(palette.paper); }
            * { box-sizing: border-box; }
            body {
              margin: 0 auto; max-width: 62rem; padding: 1.5rem 1.25rem 3rem;
              font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
              font-size: 1rem; line-height: 1.55;
            }
            h1 { font-size: 1.9rem; line-height: 1.25; margin: 0 0 1rem; }
            h2 {
              font-size: 1.45rem; line-height: 1.3; margin: 2.5rem 0 0.75rem; padding-top: 0.5rem;
              border-top: 2px solid \(palette.ink);
            }
            h3 { font-size: 1.15rem; margin: 1.75rem 0 0.5rem; }
            h4 { font-size: 1rem; margin: 1.5rem 0 0.4rem; }
            a { color: \(palette.link); }
            a:focus-visible, .table:focus-visible { outline: 3px solid \(palette.link); outline-offset: 2px; }
            .facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 0.5rem 1.5rem; margin: 0; }
            .facts div { border-left: 3px solid \(palette.rule); padding-left: 0.6rem; }
            .facts dt { color: \(palette.muted); font-size: 0.875rem; }
            .facts dd { margin: 0; font-weight: 600; }
            .contents ol { columns: 2 16rem; padding-left: 1.5rem; }
            .contents h2 { border-top: none; }
            .table { overflow-x: auto; margin: 0.5rem 0 1.25rem; }
            table { border-collapse: collapse; min-width: 50%; }
            caption { text-align: left; font-weight: 600; padding: 0 0 0.4rem; }
            th, td { border: 1px solid \(palette.rule); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
            thead th { background: \(palette.headerFill); }
            tbody th { font-weight: 600; }
            .number { text-align: right; font-variant-numeric: tabular-nums; }
            .column-title { display: block; font-weight: 400; font-size: 0.8rem; color: \(palette.muted); }
            .matrix td, .matrix th { font-size: 0.9rem; }
            .stance::before {
              content: ""; display: inline-block; width: 0.7em; height: 0.7em; margin-right: 0.35em;
              border: 1px solid \(palette.ink); vertical-align: baseline;
            }
            .stance-supports::before { background: \(palette.fill(.supports)); }
            .stance-opposes::before { background: \(palette.fill(.opposes)); }
            .stance-neutral::before { background: \(palette.fill(.neutral)); border-radius: 50%; }
            .stance-declines::before { background: \(palette.fill(.declines)); }
            .stance-unstated::before { background: \(palette.fill(.unstated)); }
            .no-answer { color: \(palette.muted); }
            .contribution { margin: 0 0 1.5rem; }
            .contribution h3, .contribution h4 { font-size: 1rem; }
            blockquote.text {
              margin: 0; padding: 0.75rem 1rem; border-left: 4px solid \(palette.rule); background: \(palette.quoteFill);
              white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext;
            }
            .source { color: \(palette.muted); font-size: 0.9rem; margin: 0.4rem 0 0; overflow-wrap: anywhere; }
            .late {
              color: \(palette.lateInk); background: \(palette.lateFill); border: 1px solid \(palette.lateInk);
              border-radius: 3px; padding: 0 0.3rem; font-weight: 600; margin-right: 0.4rem;
            }
            .bodies { padding-left: 1.25rem; }
            figure.chart { margin: 1rem 0; }
            figure.chart svg { width: 100%; max-width: 760px; height: auto; display: block; }
            figcaption { color: \(palette.muted); font-size: 0.9rem; margin-top: 0.4rem; }
            svg text { font-family: inherit; font-size: 14px; fill: \(palette.ink); }
            svg .bar-label { font-weight: 600; }
            svg .badge { font-size: 13px; font-weight: 600; }
            svg .tick { font-size: 12px; }
            svg .grid { stroke: \(palette.headerFill); stroke-width: 1; }
            svg .axis { stroke: \(palette.rule); stroke-width: 1; }
            svg .step { fill: none; stroke: \(palette.line); stroke-width: 3; }
            svg .area-fill { fill: \(palette.line); fill-opacity: 0.08; stroke: none; }
            svg .point { fill: \(palette.line); }
            svg .deadline { stroke: \(palette.deadline); stroke-width: 2; stroke-dasharray: 6 4; }
            svg .deadline-label { fill: \(palette.deadline); font-weight: 600; }
            footer { margin-top: 3rem; color: \(palette.muted); font-size: 0.9rem; border-top: 1px solid \(palette.rule); }
            @page { size: A4; margin: 18mm 16mm 20mm; }
            @media print {
              :root { background: none; color: #000000; }
              body { max-width: none; padding: 0; font-size: 10.5pt; }
              h2 { break-after: avoid; }
              h3, h4, caption { break-after: avoid; }
              section.area { break-before: page; }
              .contents { break-after: page; }
              tr, figure, .facts div, article.contribution { break-inside: avoid; }
              .source { break-before: avoid; }
              thead { display: table-header-group; }
              thead th, blockquote.text, .late { background: none; }
              .table { overflow: visible; }
              a { color: #000000; }
              a[href]:not([href^="#"])::after { content: " (" attr(href) ")"; }
              figure.chart svg { max-width: 100%; }
            }
            """
    }()
}
