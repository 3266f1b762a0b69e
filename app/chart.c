/*
 * chart.c - bar and column charts as SVG, and their numbers as a table
 * (chart.h).
 *
 * Layout, in viewBox units, the drawing always WIDTH wide:
 *   bars     labels in a column on the left (cut with "…" past LABEL_MAX),
 *            the bars, each bar's total just after its end, the axis
 *            ticks and the unit underneath, then the legend in rows;
 *   columns  the tick values on the left, the columns with their value
 *            above, the labels underneath (every k-th one when they would
 *            collide), the unit above the axis.
 * Grid lines are polylines: <line>'s x1 is no name html.h takes.  Text
 * widths are estimated as web_workflow.c does: a wide (CJK) character
 * is one em, anything else 0.6 em.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "html.h"
#include "log.h"

#define WIDTH		720
#define FONT		14	/* text size; the root's font-size */
#define SMALL		12	/* axis ticks and the unit */
#define PAD		8
#define LABEL_MAX	180	/* widest label column */
#define BAR_H		26
#define BAR_GAP		10
#define GBAR_H		16	/* one bar of a group (chart_grouped) */
#define GBAR_GAP	2	/* between the bars of a group */
#define SWATCH		14
#define KEY_LINE	22	/* legend line height */
#define PLOT_H		240	/* height of the columns' plot */
#define COL_TOP		30	/* room above the plot for the unit and values */
#define INTERVALS	5	/* at most, on an axis */
#define GRID		"#b1b4b6"
#define INK		"#0b0c0c"

/*
 * Dark and light in turn, each with the text colour that reads on it
 * (contrast at least 4.5:1): neighbours differ in lightness, not only hue.
 */
static const struct {
	const char	*fill, *ink;
} palette[CHART_SERIES_MAX] = {
	{ "#1d70b8", "#ffffff" },	/* blue */
	{ "#ffbf47", "#0b0c0c" },	/* yellow */
	{ "#00703c", "#ffffff" },	/* green */
	{ "#8bc1ec", "#0b0c0c" },	/* light blue */
	{ "#4c2c92", "#ffffff" },	/* purple */
	{ "#f499be", "#0b0c0c" },	/* pink */
	{ "#505a5f", "#ffffff" },	/* grey */
	{ "#c2d98f", "#0b0c0c" },	/* light green */
};

/* The byte length of the UTF-8 character at p. */
static size_t
char_len(const unsigned char *p)
{
	size_t	 k = 1;

	while (k < 4 && (p[k] & 0xc0) == 0x80)
		k++;
	return k;
}

/* The estimated width of s at size, in viewBox units. */
static int
text_width(const char *s, int size)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k;
	long			 w = 0;

	if (s == NULL)
		return 0;
	for (i = 0; p[i] != '\0'; i += k) {
		k = char_len(p + i);
		w += k >= 3 ? size * 100 : size * 60;
		if (w > 100L * 100000)
			break;
	}
	return (int)(w / 100);
}

/* s cut to at most width, with "…" when cut; s itself when it fits. */
static const char *
fit(struct arena *a, const char *s, int width, int size)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k;
	long			 w = 0, room;

	if (s == NULL)
		return "";
	if (text_width(s, size) <= width)
		return s;
	room = 100L * width - size * 100;	/* the ellipsis: one em */
	for (i = 0; p[i] != '\0'; i += k) {
		k = char_len(p + i);
		w += k >= 3 ? size * 100 : size * 60;
		if (w > room)
			break;
	}
	return arena_printf(a, "%.*s…", (int)i, s);
}

static const char *
num(struct buf *b, long v)
{
	return arena_printf(b->a, "%ld", v);
}

/* u with decimals digits after the point, "," between thousands. */
static const char *
fmt(struct arena *a, unsigned long long u, int neg, int decimals)
{
	char	 digits[32], out[48];
	size_t	 n, i, o = 0, whole;

	if (decimals < 0 || decimals > CHART_DECIMALS_MAX)
		decimals = 0;
	n = (size_t)snprintf(digits, sizeof(digits), "%0*llu", decimals + 1, u);
	whole = n - (size_t)decimals;
	if (neg)
		out[o++] = '-';
	for (i = 0; i < whole; i++) {
		if (i > 0 && (whole - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	if (decimals > 0) {
		out[o++] = '.';
		memcpy(out + o, digits + whole, (size_t)decimals);
		o += (size_t)decimals;
	}
	out[o] = '\0';
	return arena_strdup(a, out);
}

const char *
chart_num(struct arena *a, long long v, int decimals)
{
	/* The magnitude as unsigned: -LLONG_MIN does not fit a long long. */
	return fmt(a, v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v, v < 0, decimals);
}

/* A tick's text: no decimals when every tick is a whole unit. */
static const char *
tick_num(struct arena *a, unsigned long long v, unsigned long long step,
    int decimals)
{
	unsigned long long	 unit = 1;
	int			 i;

	for (i = 0; i < decimals; i++)
		unit *= 10;
	/* The top of an axis may pass LLONG_MAX: unsigned all the way. */
	if (step % unit == 0)
		return fmt(a, v / unit, 0, 0);
	return fmt(a, v, 0, decimals);
}

unsigned long long
chart_axis(unsigned long long max, unsigned long long *top)
{
	unsigned long long	 raw, p = 1, step;

	if (max == 0) {
		*top = 1;
		return 1;
	}
	raw = max / INTERVALS + (max % INTERVALS != 0);
	while (p <= raw / 10)
		p *= 10;
	if (p >= raw)
		step = p;
	else if (2 * p >= raw)
		step = 2 * p;
	else if (5 * p >= raw)
		step = 5 * p;
	else
		step = 10 * p;
	*top = (max / step + (max % step != 0)) * step;
	return step;
}

/*
 * Whether c may be drawn, and the largest bar (the sum of a label's
 * values) in *max.  Logs why not.
 */
static int
check(const struct chart *c, size_t nseries_want, unsigned long long *max)
{
	long long	 sum, v;
	size_t		 i, j;

	*max = 0;
	if (c == NULL || c->nseries == 0 || c->nseries > CHART_SERIES_MAX ||
	    (nseries_want != 0 && c->nseries != nseries_want) ||
	    c->decimals < 0 || c->decimals > CHART_DECIMALS_MAX ||
	    (c->nlabels > 0 && (c->labels == NULL || c->values == NULL)) ||
	    (c->nseries > 1 && c->series == NULL)) {
		log_warn("chart: refused: bad shape");
		return 0;
	}
	for (i = 0; i < c->nlabels; i++) {
		sum = 0;
		for (j = 0; j < c->nseries; j++) {
			v = c->values[i * c->nseries + j];
			if (v < 0) {
				log_warn("chart: refused: a negative value");
				return 0;
			}
			if (v > LLONG_MAX - sum) {
				log_warn("chart: refused: a total past LLONG_MAX");
				return 0;
			}
			sum += v;
		}
		if ((unsigned long long)sum > *max)
			*max = (unsigned long long)sum;
	}
	return 1;
}

/* The start tag of the drawing, its title; the caller closes it. */
static void
svg_open(struct buf *b, const struct chart *c, const char *cls, long h)
{
	html_open(b, "svg", "xmlns", "http://www.w3.org/2000/svg",
	    "viewBox", arena_printf(b->a, "0 0 %d %ld", WIDTH, h),
	    "role", "img", "aria-label", c->title != NULL ? c->title : "",
	    "class", cls, "font-size", num(b, FONT), "fill", INK);
	html_elem(b, "title", c->title != NULL ? c->title : "");
	buf_putc(b, '\n');
}

/* No bars to draw: say so. */
static void
empty(struct buf *b, const struct chart *c)
{
	svg_open(b, c, "chart-svg chart-empty", 60);
	html_open(b, "rect", "x", "0.5", "y", "0.5", "width", num(b, WIDTH - 1),
	    "height", "59", "fill", "none", "stroke", GRID,
	    "stroke-dasharray", "4 4");
	html_close(b, "rect");
	html_elem(b, "text", msg(c->lang, MSG_CHART_NO_DATA), "x",
	    num(b, WIDTH / 2), "y", "35", "text-anchor", "middle");
	html_close(b, "svg");
	buf_putc(b, '\n');
}

/* Between a name and what follows: each language's colon. */
static const char *
colon(enum lang l)
{
	return l == LANG_EN ? ": " : "：";
}

/* "label: value unit" or "label, series: value unit", for a <title>. */
static const char *
tip(struct buf *b, const struct chart *c, size_t i, size_t j, long long v)
{
	const char	*sep = colon(c->lang);
	const char	*unit = c->unit != NULL ? c->unit : "";
	const char	*sp = c->lang == LANG_EN && unit[0] != '\0' ? " " : "";

	if (c->nseries > 1)
		return arena_printf(b->a, "%s%s%s%s%s%s%s", c->labels[i],
		    c->lang == LANG_EN ? ", " : "，", c->series[j], sep,
		    chart_num(b->a, v, c->decimals), sp, unit);
	return arena_printf(b->a, "%s%s%s%s%s", c->labels[i], sep,
	    chart_num(b->a, v, c->decimals), sp, unit);
}

/* x of value v on a plot from x0, w wide, whose axis ends at top. */
static long
scale(unsigned long long v, unsigned long long top, long w)
{
	return (long)((double)v / (double)top * (double)w + 0.5);
}

/* A straight line; a polyline, as <line> takes x1. */
static void
rule(struct buf *b, long x1, long y1, long x2, long y2, const char *colour)
{
	html_open(b, "polyline", "points", arena_printf(b->a,
	    "%ld,%ld %ld,%ld", x1, y1, x2, y2), "fill", "none", "stroke",
	    colour, "stroke-width", "1");
	html_close(b, "polyline");
}

/* The unit of the values, when there is one. */
static void
unit_text(struct buf *b, const struct chart *c, long x, long y,
    const char *anchor)
{
	if (c->unit == NULL || c->unit[0] == '\0')
		return;
	html_elem(b, "text", arena_printf(b->a, "%s%s%s",
	    msg(c->lang, MSG_CHART_UNIT), colon(c->lang), c->unit),
	    "x", num(b, x),
	    "y", num(b, y), "text-anchor", anchor, "font-size",
	    num(b, SMALL), "class", "chart-unit");
}

/* The legend in rows from y; returns its height. */
static long
legend(struct buf *b, const struct chart *c, long y, int draw)
{
	long	 x = PAD, w, lines = 1;
	size_t	 j;

	if (draw) {
		html_open(b, "g", "class", "chart-key", "role", "list",
		    "aria-label", msg(c->lang, MSG_CHART_KEY));
	}
	for (j = 0; j < c->nseries; j++) {
		w = SWATCH + 6 + text_width(c->series[j], FONT) + 18;
		if (x > PAD && x + w > WIDTH - PAD) {
			x = PAD;
			lines++;
		}
		if (draw) {
			html_open(b, "g", "role", "listitem");
			html_open(b, "rect", "x", num(b, x), "y",
			    num(b, y + (lines - 1) * KEY_LINE), "width",
			    num(b, SWATCH), "height", num(b, SWATCH), "fill",
			    palette[j].fill, "stroke", INK, "stroke-width",
			    "0.5");
			html_close(b, "rect");
			html_elem(b, "text", c->series[j], "x",
			    num(b, x + SWATCH + 6), "y",
			    num(b, y + (lines - 1) * KEY_LINE + SWATCH - 2));
			html_close(b, "g");
		}
		x += w;
	}
	if (draw)
		html_close(b, "g");
	return lines * KEY_LINE;
}

/*
 * One group of bars for label i of a grouped chart, from y: a bar per
 * series starting at the axis, each with its value after its end.
 */
static void
group(struct buf *b, const struct chart *c, size_t i, long y, long x0,
    long pw, unsigned long long top)
{
	long long	 v;
	long		 xe, yb;
	size_t		 j;

	for (j = 0; j < c->nseries; j++) {
		v = c->values[i * c->nseries + j];
		yb = y + (long)j * (GBAR_H + GBAR_GAP);
		xe = x0 + scale((unsigned long long)v, top, pw);
		if (v > 0) {
			html_open(b, "rect", "x", num(b, x0), "y", num(b, yb),
			    "width", num(b, xe - x0 > 0 ? xe - x0 : 1),
			    "height", num(b, GBAR_H), "fill", palette[j].fill,
			    "stroke", INK, "stroke-width", "0.5");
			html_elem(b, "title", tip(b, c, i, j, v));
			html_close(b, "rect");
		}
		html_elem(b, "text", chart_num(b->a, v, c->decimals), "x",
		    num(b, xe + 6), "y", num(b, yb + GBAR_H / 2 + 4),
		    "font-size", num(b, SMALL), "class", "chart-total");
	}
}

/*
 * Horizontal bars: stacked when c has more than one series, or with
 * grouped, a bar per series side by side (each measured from zero).
 */
static int
bars(struct buf *b, const struct chart *c, size_t want, int grouped)
{
	unsigned long long	 max, top, step, t, cum;
	long			 lw = 0, vw = 0, x0, pw, y, h, axis_y, xs, xe;
	long			 rowh = BAR_H;
	long long		 v, total;
	const char		*s;
	size_t			 i, j;

	if (!check(c, want, &max))
		return -1;
	if (grouped) {
		/* The longest bar is the largest value, not a sum. */
		max = 0;
		for (i = 0; i < c->nlabels * c->nseries; i++)
			if ((unsigned long long)c->values[i] > max)
				max = (unsigned long long)c->values[i];
		rowh = (long)c->nseries * (GBAR_H + GBAR_GAP) - GBAR_GAP;
	}
	if (c->nlabels == 0 || max == 0) {
		empty(b, c);
		return 0;
	}
	step = chart_axis(max, &top);
	for (i = 0; i < c->nlabels; i++) {
		if ((h = text_width(c->labels[i], FONT)) > lw)
			lw = h;
		total = 0;
		for (j = 0; j < c->nseries; j++) {
			v = c->values[i * c->nseries + j];
			total += v;
			if (grouped && (h = text_width(chart_num(b->a, v,
			    c->decimals), SMALL)) > vw)
				vw = h;
		}
		if (!grouped && (h = text_width(chart_num(b->a, total,
		    c->decimals), FONT)) > vw)
			vw = h;
	}
	if (lw > LABEL_MAX)
		lw = LABEL_MAX;
	/* The last tick's text, centred on the plot's end, must fit too. */
	h = text_width(tick_num(b->a, top, step, c->decimals), SMALL) / 2;
	if (vw < h)
		vw = h;
	x0 = PAD + lw + PAD;
	pw = WIDTH - x0 - vw - 2 * PAD;
	axis_y = PAD + (long)c->nlabels * (rowh + BAR_GAP) - BAR_GAP + 4;
	h = axis_y + 2 * SMALL + 12 + PAD;
	if (c->nseries > 1)
		h += legend(b, c, 0, 0) + PAD;

	svg_open(b, c, grouped ? "chart-svg chart-grouped" :
	    c->nseries > 1 ? "chart-svg chart-stacked" :
	    "chart-svg chart-bars", h);
	/* Grid and ticks first, so that bars lie over them. */
	html_open(b, "g", "class", "chart-axis", "font-size", num(b, SMALL));
	for (t = 0; t <= top; t += step) {
		xs = x0 + scale(t, top, pw);
		rule(b, xs, PAD - 4, xs, axis_y, GRID);
		html_elem(b, "text", tick_num(b->a, t, step, c->decimals),
		    "x", num(b, xs), "y", num(b, axis_y + SMALL + 4),
		    "text-anchor", "middle");
		if (top - t < step)
			break;
	}
	html_close(b, "g");
	unit_text(b, c, x0 + pw, axis_y + 2 * SMALL + 10, "end");
	buf_putc(b, '\n');

	for (i = 0; i < c->nlabels; i++) {
		y = PAD + (long)i * (rowh + BAR_GAP);
		html_open(b, "g", "class", "chart-row");
		s = fit(b->a, c->labels[i], LABEL_MAX, FONT);
		html_open(b, "text", "x", num(b, x0 - PAD), "y",
		    num(b, y + rowh / 2 + 5), "text-anchor", "end");
		if (s != c->labels[i])
			html_elem(b, "title", c->labels[i]);
		html_text(b, s);
		html_close(b, "text");
		if (grouped) {
			group(b, c, i, y, x0, pw, top);
			html_close(b, "g");
			buf_putc(b, '\n');
			continue;
		}
		cum = 0;
		for (j = 0; j < c->nseries; j++) {
			v = c->values[i * c->nseries + j];
			if (v == 0)
				continue;
			xs = x0 + scale(cum, top, pw);
			cum += (unsigned long long)v;
			xe = x0 + scale(cum, top, pw);
			html_open(b, "rect", "x", num(b, xs), "y", num(b, y),
			    "width", num(b, xe - xs > 0 ? xe - xs : 1),
			    "height", num(b, BAR_H), "fill", palette[j].fill,
			    "stroke", "#ffffff", "stroke-width", "1");
			html_elem(b, "title", tip(b, c, i, j, v));
			html_close(b, "rect");
			/* The value on its segment when it fits there. */
			s = chart_num(b->a, v, c->decimals);
			if (c->nseries > 1 &&
			    text_width(s, SMALL) + 6 <= xe - xs)
				html_elem(b, "text", s, "x",
				    num(b, (xs + xe) / 2), "y",
				    num(b, y + BAR_H / 2 + 4), "text-anchor",
				    "middle", "font-size", num(b, SMALL),
				    "fill", palette[j].ink, "aria-hidden",
				    "true");
		}
		/* The bar's total (its value, with one series) after it. */
		html_elem(b, "text", chart_num(b->a, (long long)cum,
		    c->decimals), "x", num(b, x0 + scale(cum, top, pw) + 6),
		    "y", num(b, y + BAR_H / 2 + 5), "class", "chart-total");
		html_close(b, "g");
		buf_putc(b, '\n');
	}
	rule(b, x0, PAD - 4, x0, axis_y, INK);
	if (c->nseries > 1)
		legend(b, c, axis_y + 2 * SMALL + 12 + PAD, 1);
	html_close(b, "svg");
	buf_putc(b, '\n');
	return 0;
}

int
chart_stacked(struct buf *b, const struct chart *c)
{
	return bars(b, c, 0, 0);
}

int
chart_bars(struct buf *b, const struct chart *c)
{
	return bars(b, c, 1, 0);
}

int
chart_grouped(struct buf *b, const struct chart *c)
{
	return bars(b, c, 0, 1);
}

int
chart_columns(struct buf *b, const struct chart *c)
{
	unsigned long long	 max, top, step, t;
	long			 aw = 0, x0, pw, xs, xe, cw, y, base, k, lwid;
	long			 slot, every;
	long long		 v;
	const char		*s;
	size_t			 i;

	if (!check(c, 1, &max))
		return -1;
	if (c->nlabels == 0 || max == 0) {
		empty(b, c);
		return 0;
	}
	step = chart_axis(max, &top);
	for (t = 0; t <= top; t += step) {
		if ((k = text_width(tick_num(b->a, t, step, c->decimals),
		    SMALL)) > aw)
			aw = k;
		if (top - t < step)
			break;
	}
	x0 = PAD + aw + PAD;
	pw = WIDTH - x0 - PAD;
	base = COL_TOP + PLOT_H;
	slot = pw / (long)c->nlabels;
	/* Labels: every k-th one, so that neighbours do not collide. */
	for (i = 0, lwid = 0; i < c->nlabels; i++)
		if ((k = text_width(fit(b->a, c->labels[i], LABEL_MAX, SMALL),
		    SMALL)) > lwid)
			lwid = k;
	every = slot > 0 ? (lwid + 6 + slot - 1) / slot : (long)c->nlabels;
	if (every < 1)
		every = 1;

	svg_open(b, c, "chart-svg chart-columns", base + SMALL + 12 + PAD);
	html_open(b, "g", "class", "chart-axis", "font-size", num(b, SMALL));
	for (t = 0; t <= top; t += step) {
		y = base - scale(t, top, PLOT_H);
		rule(b, x0, y, x0 + pw, y, t == 0 ? INK : GRID);
		html_elem(b, "text", tick_num(b->a, t, step, c->decimals),
		    "x", num(b, x0 - 6), "y", num(b, y + 4),
		    "text-anchor", "end");
		if (top - t < step)
			break;
	}
	html_close(b, "g");
	unit_text(b, c, PAD, SMALL + 2, "start");
	buf_putc(b, '\n');

	for (i = 0; i < c->nlabels; i++) {
		xs = x0 + (long)i * pw / (long)c->nlabels;
		xe = x0 + ((long)i + 1) * pw / (long)c->nlabels;
		cw = (xe - xs) * 7 / 10;
		if (cw < 1)
			cw = 1;
		v = c->values[i];
		y = base - scale((unsigned long long)v, top, PLOT_H);
		html_open(b, "g", "class", "chart-col");
		if (v > 0) {
			html_open(b, "rect", "x", num(b, (xs + xe - cw) / 2),
			    "y", num(b, y), "width", num(b, cw), "height",
			    num(b, base - y), "fill", palette[0].fill);
			html_elem(b, "title", tip(b, c, i, 0, v));
			html_close(b, "rect");
		}
		s = chart_num(b->a, v, c->decimals);
		if (text_width(s, SMALL) <= xe - xs)
			html_elem(b, "text", s, "x", num(b, (xs + xe) / 2),
			    "y", num(b, y - 4), "text-anchor", "middle",
			    "font-size", num(b, SMALL), "class",
			    "chart-total");
		if ((long)i % every == 0) {
			s = fit(b->a, c->labels[i], LABEL_MAX, SMALL);
			html_open(b, "text", "x", num(b, (xs + xe) / 2), "y",
			    num(b, base + SMALL + 6), "text-anchor", "middle",
			    "font-size", num(b, SMALL));
			if (s != c->labels[i])
				html_elem(b, "title", c->labels[i]);
			html_text(b, s);
			html_close(b, "text");
		}
		html_close(b, "g");
		buf_putc(b, '\n');
	}
	html_close(b, "svg");
	buf_putc(b, '\n');
	return 0;
}

void
chart_table(struct buf *b, const struct chart *c)
{
	long long	 total, v;
	size_t		 i, j, ns;
	int		 sum;
	const char	*cap;

	if (c == NULL)
		return;
	ns = c->nseries > 0 ? c->nseries : 1;
	sum = c->nseries > 1 && !c->nototal;
	cap = c->title != NULL ? c->title : "";
	if (c->unit != NULL && c->unit[0] != '\0')
		cap = arena_printf(b->a, "%s%s%s%s%s%s", cap,
		    c->lang == LANG_EN ? " (" : "（",
		    msg(c->lang, MSG_CHART_UNIT), colon(c->lang), c->unit,
		    c->lang == LANG_EN ? ")" : "）");
	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table", "class", "chart-data");
	html_elem(b, "caption", cap);
	html_open(b, "thead");
	html_open(b, "tr");
	html_elem(b, "th", c->label_head != NULL ? c->label_head : "",
	    "scope", "col");
	for (j = 0; j < ns; j++)
		html_elem(b, "th", c->series != NULL ? c->series[j] :
		    c->title, "scope", "col", "class", "num");
	if (sum)
		html_elem(b, "th", msg(c->lang, MSG_CHART_TOTAL), "scope",
		    "col", "class", "num");
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	if (c->nlabels == 0 || c->labels == NULL || c->values == NULL) {
		html_open(b, "tr");
		html_elem(b, "td", msg(c->lang, MSG_CHART_NO_DATA), "colspan",
		    num(b, (long)(ns + 1 + (size_t)sum)));
		html_close(b, "tr");
	}
	for (i = 0; c->labels != NULL && c->values != NULL &&
	    i < c->nlabels; i++) {
		html_open(b, "tr");
		html_elem(b, "th", c->labels[i], "scope", "row");
		total = 0;
		for (j = 0; j < ns; j++) {
			v = c->values[i * ns + j];
			html_elem(b, "td", chart_num(b->a, v, c->decimals),
			    "class", "num");
			/* A sum that would overflow is not written. */
			if (total != LLONG_MIN && ((v > 0 &&
			    total > LLONG_MAX - v) || (v < 0 &&
			    total < LLONG_MIN + 1 - v)))
				total = LLONG_MIN;
			else if (total != LLONG_MIN)
				total += v;
		}
		if (sum)
			html_elem(b, "td", total == LLONG_MIN ? "-" :
			    chart_num(b->a, total, c->decimals), "class",
			    "num");
		html_close(b, "tr");
	}
	html_close(b, "tbody");
	html_close(b, "table");
	html_close(b, "div");
	buf_putc(b, '\n');
}

int
chart_figure(struct buf *b, enum chart_kind kind, const struct chart *c)
{
	struct chart	 cc;
	int		 rc;

	if (c == NULL)
		return -1;
	/* Planned beside received do not add up to anything. */
	if (kind == CHART_GROUPED) {
		cc = *c;
		cc.nototal = 1;
		c = &cc;
	}
	/* A table of many columns goes under its drawing, not beside it. */
	html_open(b, "div", "class", c->nseries > 2 ? "chart chart-wide" :
	    "chart");
	html_open(b, "div", "class", "chart-figure");
	switch (kind) {
	case CHART_STACKED:
		rc = chart_stacked(b, c);
		break;
	case CHART_BARS:
		rc = chart_bars(b, c);
		break;
	case CHART_COLUMNS:
		rc = chart_columns(b, c);
		break;
	case CHART_GROUPED:
		rc = chart_grouped(b, c);
		break;
	default:
		rc = -1;
		break;
	}
	html_close(b, "div");
	html_open(b, "div", "class", "chart-numbers");
	chart_table(b, c);
	html_close(b, "div");
	html_close(b, "div");
	buf_putc(b, '\n');
	return rc;
}
