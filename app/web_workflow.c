/*
 * web_workflow.c - 流程图, GET /workflow: the transition table drawn as
 * an SVG diagram, followed by the same facts as a table.
 *
 * Both are drawn from wf_table[], the rows the engine enforces, so the
 * picture cannot drift from the rules.  The main line is walked with
 * wf_next() from the row that creates the record; a WF_BACK row is
 * drawn for every stage the engine would apply it to (wf_find()), with
 * the initiators it computes (wf_initiators()); any other row becomes a
 * branch to a box at the side.  Nothing here names a stage, an action
 * or a department: a new row in wf_table.c is drawn without a change.
 *
 * Layout, in viewBox units: the stages in one column, each main-line
 * arrow straight down with its label on the right; back arrows run in a
 * lane on the left with their labels left of it; side branches go right
 * to a box of their own with the label above it.  Each gap between two
 * boxes is as tall as the longest label it holds, and labels are
 * wrapped by an estimate of their width (CJK one em, ASCII about half).
 */
#include <string.h>

#include "api.h"
#include "html.h"
#include "web.h"

#define FONT		14	/* label text, in viewBox units */
#define STAGE_FONT	17	/* a stage's name */
#define LINE		19	/* label line height */
#define BOX_MIN		200	/* narrowest stage box */
#define BOX_H		48
#define BACK_W		200	/* room for the labels of back arrows */
#define LANE_STEP	14	/* each further back row's lane, further left */
#define FWD_W		290	/* width of the main line's labels */
#define SIDE_MIN	240	/* narrowest side column */
#define SIDE_GAP	24
#define START_Y		22	/* centre of the start mark */
#define START_R		7
#define MIN_GAP		70
#define PAD		10
#define MAXLINES	16

/* The rows of wf_table in drawing order. */
struct walk {
	int				 main[STAGE__MAX];	/* main-line stages */
	const struct wf_transition	*into[STAGE__MAX];	/* row into main[i] */
	int				 n;
	int				 pos[STAGE__MAX];	/* index in main, or -1 */
};

/* Where the columns are, from the widest stage name and the back rows. */
struct geo {
	int	 lane0;		/* the first back row's lane */
	int	 box_x, box_w;	/* the main column */
	int	 mid;		/* its centre: the main line */
	int	 fwd_x;		/* the main line's labels */
	int	 side_x, side_w;	/* the first side column and its width */
};

/* Label lines of one arrow; the first is the action's name. */
struct lines {
	const char	*s[MAXLINES];
	int		 n;
};

static void
walk_table(struct walk *w)
{
	const struct wf_transition	*t = NULL;
	size_t				 i;
	int				 s;

	memset(w, 0, sizeof(*w));
	for (s = 0; s < STAGE__MAX; s++)
		w->pos[s] = -1;
	for (i = 0; i < wf_table_len; i++)
		if (wf_table[i].from == WF_FROM_NONE &&
		    (wf_table[i].flags & WF_MAIN))
			t = &wf_table[i];
	while (t != NULL && t->to >= 0 && t->to < STAGE__MAX &&
	    w->pos[t->to] < 0) {
		w->main[w->n] = t->to;
		w->into[w->n] = t;
		w->pos[t->to] = w->n++;
		t = wf_next(t->to);
	}
}

/* A row that is neither on the main line nor a way back: a branch. */
static int
side_row(const struct wf_transition *t)
{
	return !(t->flags & (WF_MAIN | WF_BACK)) && t->from >= 0 &&
	    t->from < STAGE__MAX && t->to >= 0 && t->to < STAGE__MAX;
}

/* Whether back row t applies to stage, as the engine decides. */
static int
back_at(const struct wf_transition *t, int stage)
{
	return (t->flags & WF_BACK) && wf_find(t->action, stage) == t;
}

/* The departments that start t from stage, and those only when needed. */
static unsigned
starters(const struct wf_transition *t, int stage, unsigned *cond)
{
	const struct wf_transition	*next;

	*cond = 0;
	if ((t->flags & WF_BACK) && (next = wf_next(stage)) != NULL)
		*cond = next->conditional;
	return wf_initiators(t, stage);
}

/* Between a label and its text, or a name and its note: English spaces them. */
static const char *
gap(enum lang l)
{
	return l == LANG_EN ? " " : "";
}

/* The names of the departments of mask, cond ones marked, as items. */
static int
dept_items(struct arena *a, enum lang l, unsigned mask, unsigned cond,
    const char **items, int max)
{
	int	 d, n = 0;

	for (d = 0; d < DEPT__MAX && n < max; d++)
		if (mask & DEPT_BIT(d))
			items[n++] = (cond & DEPT_BIT(d)) ? arena_printf(a,
			    "%s%s%s", msg_dept(l, (enum dept)d), gap(l),
			    msg(l, MSG_WF_WHEN_PERMIT)) :
			    msg_dept(l, (enum dept)d);
	return n;
}

/* The items joined by the language's separator, on one line. */
static const char *
joined(struct arena *a, enum lang l, const char **items, int n)
{
	const char	*s = "";
	int		 i;

	for (i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%s", s, i == 0 ? "" :
		    l == LANG_EN ? ", " : "、", items[i]);
	return s;
}

/* The byte length of the UTF-8 character at p: it and its continuation bytes. */
static size_t
char_len(const unsigned char *p)
{
	size_t	 k = 1;

	while (k < 4 && (p[k] & 0xc0) == 0x80)
		k++;
	return k;
}

/*
 * The width of the n bytes at s in viewBox units at size, estimated: a
 * wide character (CJK, full-width punctuation) is one em, the rest 0.6.
 */
static int
text_width(const char *s, size_t n, int size)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k;
	int			 w = 0;

	for (i = 0; i < n && p[i] != '\0'; i += k) {
		k = char_len(p + i);
		w += k >= 3 ? size * 100 : size * 60;
	}
	return w / 100;
}

/*
 * Append s to L in lines of at most width.  A line breaks after a space
 * or after Chinese punctuation (、，）) where it can, so that a name and
 * its bracketed note stay together, else after a wide character; a word
 * wider than a line stays whole.
 */
static void
wrap(struct arena *a, struct lines *L, const char *s, int width)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 line = 0, i = 0, good = 0, any = 0, k, cut;

	while (p[i] != '\0') {
		k = char_len(p + i);
		if (text_width(s + line, i + k - line, FONT) > width &&
		    i > line && L->n < MAXLINES - 1) {
			cut = good > line ? good : any > line ? any : 0;
			if (cut != 0) {
				L->s[L->n++] = arena_strndup(a, s + line,
				    cut - line - (p[cut - 1] == ' '));
				line = cut;
				good = any = 0;
				continue;
			}
		}
		if (p[i] == ' ' || strncmp(s + i, "、", 3) == 0 ||
		    strncmp(s + i, "，", 3) == 0 || strncmp(s + i, "）", 3) == 0)
			good = i + k;
		else if (k >= 3)
			any = i + k;
		i += k;
	}
	if (i > line && L->n < MAXLINES)
		L->s[L->n++] = arena_strdup(a, s + line);
}

/* The label of t leaving stage: its name, who starts it, who countersigns. */
static void
label(struct arena *a, enum lang l, const struct wf_transition *t, int stage,
    int width, struct lines *L)
{
	const char	*items[DEPT__MAX];
	unsigned	 by, cond;
	int		 n;

	memset(L, 0, sizeof(*L));
	L->s[L->n++] = msg_action(l, t->action);
	by = starters(t, stage, &cond);
	if ((n = dept_items(a, l, by, cond, items, DEPT__MAX)) > 0)
		wrap(a, L, arena_printf(a, "%s%s%s%s%s", msg(l, MSG_WF_BY),
		    gap(l), joined(a, l, items, n), (t->flags & WF_DECLARER) ?
		    gap(l) : "", (t->flags & WF_DECLARER) ?
		    msg(l, MSG_WF_DECLARER_ONLY) : ""), width);
	if ((n = dept_items(a, l, t->countersign, t->conditional, items,
	    DEPT__MAX)) > 0)
		wrap(a, L, arena_printf(a, "%s%s%s", msg(l, MSG_WF_CSIGN),
		    gap(l), joined(a, l, items, n)), width);
}

static const char *
num(struct buf *b, int v)
{
	return arena_printf(b->a, "%d", v);
}

/* The lines of L from baseline y; anchor is "start" or "end". */
static void
draw_lines(struct buf *b, const struct lines *L, int x, int y,
    const char *anchor)
{
	int	 i;

	for (i = 0; i < L->n; i++)
		html_elem(b, "text", L->s[i], "x", num(b, x),
		    "y", num(b, y + i * LINE), "text-anchor", anchor,
		    "class", i == 0 ? "wf-action" : "wf-who");
}

/* The baseline of the first of n lines centred in [top, top + h). */
static int
centred(int top, int h, int n)
{
	return top + (h - n * LINE) / 2 + FONT;
}

static void
draw_box(struct buf *b, enum lang l, const struct geo *g, int stage, int x,
    int y, const char *cls)
{
	html_open(b, "g", "class", cls);
	html_open(b, "rect", "x", num(b, x), "y", num(b, y), "width",
	    num(b, g->box_w), "height", num(b, BOX_H), "rx", "4");
	html_close(b, "rect");
	html_elem(b, "text", msg_stage(l, (enum stage)stage), "x",
	    num(b, x + g->box_w / 2), "y", num(b, y + BOX_H / 2 + 6),
	    "text-anchor", "middle");
	html_close(b, "g");
}

/* An arrow through the points; a polyline, as <line>'s x1 is no name html.h takes. */
static void
arrow(struct buf *b, const char *cls, const char *head, const char *points)
{
	html_open(b, "polyline", "class", cls, "points", points,
	    "marker-end", head);
	html_close(b, "polyline");
}

static void
marker(struct buf *b, const char *id)
{
	html_open(b, "marker", "id", id, "viewBox", "0 0 10 10", "refX", "9",
	    "refY", "5", "markerWidth", "7", "markerHeight", "7",
	    "orient", "auto-start-reverse");
	html_open(b, "path", "d", "M0,0L10,5L0,10z");
	html_close(b, "path");
	html_close(b, "marker");
}

/* Whether anything leaves stage in the drawing. */
static int
has_way_out(int stage)
{
	size_t	 i;

	if (wf_next(stage) != NULL)
		return 1;
	for (i = 0; i < wf_table_len; i++)
		if ((side_row(&wf_table[i]) && wf_table[i].from == stage) ||
		    back_at(&wf_table[i], stage))
			return 1;
	return 0;
}

static const char *
box_class(struct buf *b, int stage, const char *base)
{
	return arena_printf(b->a, "%s%s", base,
	    has_way_out(stage) ? "" : " wf-final");
}

/* The columns: the main one as wide as the longest stage name needs. */
static void
geometry(enum lang l, struct geo *g)
{
	size_t	 r;
	int	 nback = 0, s, tw;

	for (r = 0; r < wf_table_len; r++)
		if (wf_table[r].flags & WF_BACK)
			nback++;
	g->box_w = BOX_MIN;
	for (s = 0; s < STAGE__MAX; s++) {
		tw = text_width(msg_stage(l, (enum stage)s),
		    strlen(msg_stage(l, (enum stage)s)), STAGE_FONT) + 28;
		if (tw > g->box_w)
			g->box_w = tw;
	}
	g->lane0 = BACK_W + 16 + (nback > 0 ? nback - 1 : 0) * LANE_STEP;
	g->box_x = g->lane0 + 24;
	g->mid = g->box_x + g->box_w / 2;
	g->fwd_x = g->mid + 12;
	g->side_x = g->fwd_x + FWD_W + SIDE_GAP;
	g->side_w = g->box_w > SIDE_MIN ? g->box_w : SIDE_MIN;
}

void
web_workflow_svg(struct buf *b, enum lang l)
{
	struct walk	 w;
	struct geo	 g;
	struct lines	 L;
	int		 gap[STAGE__MAX], y[STAGE__MAX], sides;
	int		 i, j, k, top, h, width, lane, cols = 0, x;
	size_t		 r;

	walk_table(&w);
	geometry(l, &g);
	/* Each gap is as tall as the tallest label it holds. */
	for (i = 0; i < w.n; i++) {
		label(b->a, l, w.into[i], i > 0 ? w.main[i - 1] : WF_FROM_NONE,
		    FWD_W, &L);
		h = L.n;
		for (r = 0, k = 0, sides = 0; r < wf_table_len; r++) {
			if (wf_table[r].flags & WF_BACK)
				k++;
			if (back_at(&wf_table[r], w.main[i]))
				label(b->a, l, &wf_table[r], w.main[i],
				    g.lane0 - (k - 1) * LANE_STEP - 12, &L);
			else if (side_row(&wf_table[r]) &&
			    wf_table[r].from == w.main[i]) {
				label(b->a, l, &wf_table[r], w.main[i],
				    g.side_w, &L);
				if (++sides > cols)
					cols = sides;
			} else
				continue;
			if (L.n > h)
				h = L.n;
		}
		gap[i] = h * LINE + 2 * PAD;
		if (gap[i] < MIN_GAP)
			gap[i] = MIN_GAP;
		y[i] = (i > 0 ? y[i - 1] + BOX_H : START_Y + START_R) + gap[i];
	}
	width = cols > 0 ? g.side_x + cols * (g.side_w + SIDE_GAP) - SIDE_GAP :
	    g.fwd_x + FWD_W;
	width += 4;
	h = (w.n > 0 ? y[w.n - 1] + BOX_H : START_Y) + 2 * PAD;

	html_open(b, "svg", "xmlns", "http://www.w3.org/2000/svg",
	    "viewBox", arena_printf(b->a, "0 0 %d %d", width, h),
	    "width", num(b, width), "height", num(b, h),
	    "role", "img", "aria-label", msg(l, MSG_WF_SVG_LABEL),
	    "class", "wf-diagram");
	html_elem(b, "title", msg(l, MSG_WF_H1));
	html_open(b, "defs");
	marker(b, "wf-head");
	marker(b, "wf-head-back");
	html_close(b, "defs");
	buf_putc(b, '\n');

	/* Where the record begins. */
	html_open(b, "circle", "class", "wf-start", "cx", num(b, g.mid),
	    "cy", num(b, START_Y), "r", num(b, START_R));
	html_close(b, "circle");
	html_elem(b, "text", msg(l, MSG_WF_START), "x",
	    num(b, g.mid - START_R - 8), "y", num(b, START_Y + 5),
	    "text-anchor", "end", "class", "wf-who");

	for (i = 0; i < w.n; i++) {
		top = i > 0 ? y[i - 1] + BOX_H : START_Y + START_R;
		/* The main line into this stage. */
		arrow(b, "wf-arrow", "url(#wf-head)", arena_printf(b->a,
		    "%d,%d %d,%d", g.mid, top, g.mid, y[i]));
		label(b->a, l, w.into[i], i > 0 ? w.main[i - 1] : WF_FROM_NONE,
		    FWD_W, &L);
		draw_lines(b, &L, g.fwd_x, centred(top, gap[i], L.n), "start");
		draw_box(b, l, &g, w.main[i], g.box_x, y[i],
		    box_class(b, w.main[i], "wf-stage"));
		buf_putc(b, '\n');

		/* Ways back from this stage, each back row in a lane of its own. */
		for (r = 0, k = 0; r < wf_table_len; r++) {
			if (!(wf_table[r].flags & WF_BACK))
				continue;
			lane = g.lane0 - k++ * LANE_STEP;
			if (!back_at(&wf_table[r], w.main[i]) ||
			    (j = w.pos[wf_target(&wf_table[r], w.main[i])]) < 0 ||
			    j >= i)
				continue;
			arrow(b, "wf-arrow wf-back", "url(#wf-head-back)",
			    arena_printf(b->a, "%d,%d %d,%d %d,%d %d,%d",
			    g.box_x, y[i] + 14, lane, y[i] + 14,
			    lane, y[j] + BOX_H - 14, g.box_x, y[j] + BOX_H - 14));
			label(b->a, l, &wf_table[r], w.main[i], lane - 12, &L);
			draw_lines(b, &L, lane - 8, centred(y[j] + BOX_H,
			    y[i] - y[j] - BOX_H, L.n), "end");
			buf_putc(b, '\n');
		}

		/*
		 * Branches to the side: the target's box level with this
		 * stage, the label above it.  Two branches from one stage
		 * stand side by side, the second arrow passing the first box.
		 */
		for (r = 0, k = 0; r < wf_table_len; r++) {
			if (!side_row(&wf_table[r]) || wf_table[r].from != w.main[i])
				continue;
			x = g.side_x + k++ * (g.side_w + SIDE_GAP);
			arrow(b, "wf-arrow", "url(#wf-head)", arena_printf(b->a,
			    "%d,%d %d,%d", g.box_x + g.box_w, y[i] + BOX_H / 2,
			    x, y[i] + BOX_H / 2));
			label(b->a, l, &wf_table[r], w.main[i], g.side_w, &L);
			draw_lines(b, &L, x, y[i] - 12 - (L.n - 1) * LINE,
			    "start");
			draw_box(b, l, &g, wf_table[r].to, x, y[i],
			    box_class(b, wf_table[r].to, "wf-stage wf-side"));
			buf_putc(b, '\n');
		}
	}
	html_close(b, "svg");
	buf_putc(b, '\n');
}

/* One row of the table: t from stage (WF_FROM_NONE: creates the record). */
static void
table_row(struct buf *b, enum lang l, const struct wf_transition *t,
    int stage)
{
	const char	*items[DEPT__MAX];
	unsigned	 by, cond, failing;
	int		 n, g, to = wf_target(t, stage);

	html_open(b, "tr");
	html_elem(b, "th", msg_action(l, t->action), "scope", "row");
	html_elem(b, "td", stage >= 0 ? msg_stage(l, (enum stage)stage) :
	    msg(l, MSG_WF_NEW));
	html_elem(b, "td", to >= 0 ? msg_stage(l, (enum stage)to) : "");

	html_open(b, "td");
	by = starters(t, stage, &cond);
	n = dept_items(b->a, l, by, cond, items, DEPT__MAX);
	html_text(b, joined(b->a, l, items, n));
	if (t->flags & WF_DECLARER) {
		html_text(b, gap(l));
		html_text(b, msg(l, MSG_WF_DECLARER_ONLY));
	}
	if (t->role == ROLE_CLERK || t->role == ROLE_APPROVER)
		html_elem(b, "span", msg(l, t->role == ROLE_CLERK ?
		    MSG_WF_ROLE_CLERK : MSG_WF_ROLE_APPROVER), "class",
		    "wf-role");
	html_close(b, "td");

	n = dept_items(b->a, l, t->countersign, t->conditional, items,
	    DEPT__MAX);
	html_elem(b, "td", n > 0 ? joined(b->a, l, items, n) :
	    msg(l, MSG_WF_NO_CSIGN));

	html_open(b, "td");
	failing = t->guards;
	if (failing == 0)
		html_text(b, msg(l, MSG_WF_NONE));
	else {
		html_open(b, "ul", "class", "wf-guards");
		for (g = 0; g < GUARD__MAX; g++)
			if (failing & GUARD_BIT(g))
				html_elem(b, "li", l == LANG_EN ? guards[g].en :
				    guards[g].zh);
		html_close(b, "ul");
	}
	html_close(b, "td");
	html_close(b, "tr");
	buf_putc(b, '\n');
}

void
web_workflow_table(struct buf *b, enum lang l)
{
	static const enum msg cols[] = {
		MSG_WF_COL_ACTION, MSG_WF_COL_FROM, MSG_WF_COL_TO,
		MSG_WF_COL_BY, MSG_WF_COL_CSIGN, MSG_WF_COL_GUARDS,
	};
	struct walk	 w;
	size_t		 c, r;
	int		 i;

	walk_table(&w);
	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table", "class", "wf-table");
	html_elem(b, "caption", msg(l, MSG_WF_CAPTION));
	html_open(b, "thead");
	html_open(b, "tr");
	for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
		html_elem(b, "th", msg(l, cols[c]), "scope", "col");
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	/* The main line in its order, then the ways back, then the rest. */
	for (i = 0; i < w.n; i++)
		table_row(b, l, w.into[i], i > 0 ? w.main[i - 1] : WF_FROM_NONE);
	for (r = 0; r < wf_table_len; r++)
		if (wf_table[r].flags & WF_BACK)
			for (i = 0; i < w.n; i++)
				if (wf_find(wf_table[r].action, w.main[i]) ==
				    &wf_table[r])
					table_row(b, l, &wf_table[r], w.main[i]);
	for (r = 0; r < wf_table_len; r++) {
		if (wf_table[r].flags & WF_BACK)
			continue;
		for (i = 0; i < w.n; i++)
			if (w.into[i] == &wf_table[r])
				break;
		if (i == w.n)
			table_row(b, l, &wf_table[r], wf_table[r].from);
	}
	html_close(b, "tbody");
	html_close(b, "table");
	html_close(b, "div");
}

enum jg_err
web_workflow(struct req *r)
{
	struct buf	 b;
	enum lang	 l = (enum lang)r->lang;

	buf_init(&b, r->a);
	web_page_begin(r, &b, web_t(r, MSG_WORKFLOW), "/workflow");
	html_elem(&b, "h1", web_t(r, MSG_WF_H1));
	html_elem(&b, "p", web_t(r, MSG_WF_LEAD));
	html_open(&b, "div", "class", "diagram");
	web_workflow_svg(&b, l);
	html_close(&b, "div");
	html_elem(&b, "p", web_t(r, MSG_WF_LEGEND_BACK), "class", "hint");
	web_workflow_table(&b, l);
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}
