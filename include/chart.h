/*
 * chart.h - bar and column charts drawn as SVG on the server, with the
 * same numbers as a table beside them.  No JavaScript, no database: the
 * caller hands over translated labels and whole numbers.
 *
 * Everything is written through html.h, so every label is escaped.  The
 * drawings are sized by viewBox alone and scale with their container.
 * Colours come from a fixed palette of eight that alternates dark and
 * light, so that neighbouring segments differ in lightness as well as in
 * hue; colour is never the only key: a value is written on each segment
 * and column that has room for it, every bar carries its total, every
 * shape has a <title> with its label, series and value, the stacked chart
 * has a legend, and the table has all of it.
 *
 * Values are long long in the smallest unit (fen, hours, a count) and are
 * shown with c->decimals digits after the point: 123456 with decimals 2
 * reads "1,234.56".  They are never turned into floating point; only the
 * lengths of the shapes are computed in double.
 *
 * Refusals: a negative value, a bar whose total would pass LLONG_MAX,
 * more than CHART_SERIES_MAX series, decimals outside [0, 6], or missing
 * arrays make a chart function write nothing and return -1 (a warning is
 * logged): the figures charted here - counts, money, durations - cannot
 * be negative, so one that is is a bug to find, not a bar to hide.
 * No labels, or values that are all zero, draw a chart that says
 * "暂无数据" / "No data" instead of bars.
 */
#ifndef JIUGAI_CHART_H
#define JIUGAI_CHART_H

#include <stddef.h>

#include "buf.h"
#include "i18n.h"

#define CHART_SERIES_MAX	8	/* the palette's size */
#define CHART_DECIMALS_MAX	6

/* What one chart shows; the table shows the same. */
struct chart {
	enum lang		 lang;
	const char		*title;		/* <title>, aria-label, table caption */
	const char		*label_head;	/* table: first column ("县区") */
	const char *const	*labels;	/* the bars or columns, in order */
	size_t			 nlabels;
	const char *const	*series;	/* segment names (legend, table columns);
						   NULL with one: the title heads it */
	size_t			 nseries;	/* 1 for chart_bars and chart_columns */
	const long long		*values;	/* values[label * nseries + series] */
	int			 decimals;	/* 2: fen shown as yuan; 0: counts */
	const char		*unit;		/* "元", "天", "个"; NULL: none */
	int			 nototal;	/* the table has no total column: the
						   series are no parts of a whole
						   (chart_figure sets it for
						   CHART_GROUPED) */
};

enum chart_kind {
	CHART_STACKED,		/* chart_stacked */
	CHART_BARS,		/* chart_bars */
	CHART_COLUMNS,		/* chart_columns */
	CHART_GROUPED,		/* chart_grouped */
};

/*
 * Horizontal bars, one per label, each stacked from one segment per
 * series (stages per county), with a legend.  Returns 0 or -1 (refused,
 * nothing written).
 */
int	chart_stacked(struct buf *b, const struct chart *c);

/* Horizontal bars of one series (funding by source, decision times). */
int	chart_bars(struct buf *b, const struct chart *c);

/*
 * Horizontal bars side by side, one per series, for each label, each
 * measured from zero and followed by its value, with a legend (funding
 * planned and received per source; median and 90th percentile per
 * department).  Returns 0 or -1 as chart_stacked.
 */
int	chart_grouped(struct buf *b, const struct chart *c);

/* Vertical columns of one series, labels along the bottom (per month). */
int	chart_columns(struct buf *b, const struct chart *c);

/*
 * The numbers as a table: caption (title and unit), a column per series
 * and, with more than one, a total; th scope="col"/"row".  Writes any
 * values, negative ones too; no labels gives one row saying "No data".
 */
void	chart_table(struct buf *b, const struct chart *c);

/*
 * <div class="chart"> with the drawing of kind and, beside it, the table.
 * Returns what the chart function returned; when it refused, the table is
 * written alone.
 */
int	chart_figure(struct buf *b, enum chart_kind kind, const struct chart *c);

/*
 * The axis for values up to max (> 0): a step of 1, 2 or 5 times a power
 * of ten giving at most five intervals, and the top, the first multiple
 * of the step at or above max.  max 0 gives step 1, top 1.  Works for any
 * max up to LLONG_MAX (the top then fits an unsigned long long).
 */
unsigned long long	chart_axis(unsigned long long max,
			    unsigned long long *top);

/* v with decimals digits after the point and "," between thousands. */
const char	*chart_num(struct arena *a, long long v, int decimals);

#endif
