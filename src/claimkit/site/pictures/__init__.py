"""Pictures drawn at build time as inline SVG strings: attribution chains, timelines, tallies.

`chain`, `timeline` and `tally` draw one picture each (`timeline` writes what
`timeline_layout` works out, with the dates and class names of `timeline_words`); `svg` has the
SVG pieces they share, `text` cleans and measures record text, `verdicts` names the verdict
classes and `frame` gives the picture's size.

Dates. A timeline writes its dates in the site's language (the caller's `DateWords`, Babel's
CLDR data, never the machine's locale) at the precision each has, never in ISO form: "October
2024", "October 14, 2024" in English; ticks name months by their abbreviated names ("Oct",
"oct.", "жовт."), a timeline of counts its periods as "Oct 2024" or "Q4 2024".

Every picture is one line of SVG markup, the root `<svg>` element itself, made with the standard
library only: no script, no external font, image or service. It is meant to be pasted into a page
as it is.

Accessibility. The root has `role="img"` (`role="figure"` when it holds links, which an image
may not) and `aria-labelledby` naming its `<title>` (the caller's title) and its `<desc>`, a full
text alternative that says in words everything the picture shows. Its links are no tab stops
(`tabindex="-1"`): the page has each in its text, so every link is one tab stop.
A topic's timeline is drawn twice for a page (`timeline.timeline_figure`), for wide screens
and for a phone's column, so that its text stays readable there; the narrow drawing is hidden
from assistive technology (`aria-hidden`, no `<desc>`) and the site's CSS hides the wide one from
sight only on narrow screens, so a screen reader meets one picture, described once.
Verdicts never differ by colour alone: every verdict class has its own mark shape (a filled
circle for true, a cross for false, a diamond for mixture, a square for other, a hollow circle
for not reviewed) and a text label in a legend or next to the bar. Each box, mark and bar also
has a `<title>` child with its full text, which browsers show as a tooltip, so text shortened
with an ellipsis in the drawing is never lost.

Styling. Class names (`ck-svg`, `ck-chain`, `ck-timeline`, `ck-tally`, `ck-mark`, `ck-bar`,
`ck-true`, `ck-false`, `ck-mixture`, `ck-other`, `ck-unreviewed`, ...) let the site's CSS
colour the pictures; presentation attributes (never `style` attributes, which a strict Content
Security Policy would block) give calm defaults that read on light and dark backgrounds. Text is
drawn in `currentColor`, so it follows the page's text colour.

Safety. Records come from untrusted pull requests. Every piece of record text goes through
`html.escape(text, quote=True)`, with `{` and `}` also written as character references so that a
template engine that sees the page later finds no `{{ ... }}` to expand. Characters that XML
forbids are dropped and runs of white space (newlines included) become one space, so the output
is always one line: a blank line can never end a Markdown raw HTML block early. Links keep only
relative references and `http://` or `https://` URLs (`claimkit.site.html.safe_href`); anything
else (`javascript:`, `data:`, `mailto:`, ...) is dropped and the box or mark is drawn without a
link. Element ids derive from the caller's `svg_id`, reduced to `[a-z0-9-]`.

Determinism and cost. The same input gives a byte-identical string: no random ids, and every
coordinate is printed with one decimal at most. Strings are built with lists and joined, with no
XML library. A timeline of more than 200 points is drawn as counts per month (or per quarter,
year, ... when the dates span too long for 40 columns), so its size stays bounded however many
points there are.
"""
