/*
 * export.c - the CSV, .xlsx and JSON writers of export.h.
 *
 * The .xlsx side: libxlsxwriter 1.1.4 (Debian 12) writes a workbook to
 * a file name only; it has no memory output yet.  The file is made with
 * mkstemp() and unlinked at once, and libxlsxwriter is given the
 * /proc/self/fd/N name of the open descriptor: it writes the same inode,
 * which we read back into the answer.  So no export file is ever left
 * behind, not even by a worker that dies half-way.  Constant-memory mode
 * keeps one row in memory (the rest go to its own tmpfile()s, unlinked
 * too): a 100,000-row ledger costs the worker about the size of the
 * finished file, not of every cell.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "export.h"
#include "log.h"
#include "urlenc.h"

const struct xflag_info xflags[XFLAG__MAX] = {
	{ "contract_expired", MSG_HO_FLAG_EXPIRED },
	{ "contract_ending", MSG_HO_FLAG_ENDING },
	{ "community_backed", MSG_HO_FLAG_BACKED },
};

struct export_xlsx {
	int		 fd;		/* the unlinked file, -1 when none */
	lxw_workbook	*wb;		/* NULL once closed */
	lxw_worksheet	*ws;
	lxw_format	*head, *money, *date, *ratio;
};

static const char *const ctypes[EXPORT__MAX] = {
	"text/csv; charset=utf-8",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
static const char *const exts[EXPORT__MAX] = { "csv", "xlsx" };

/* ---- Values -------------------------------------------------------- */

static const char *
col_label(const struct export *x, const struct xcol *c)
{
	enum lang	 l = (enum lang)x->r->lang;

	return c->label == MSG__MAX ? msg_field(l, c->key) : msg(l, c->label);
}

/* "0.6667" (at most 4 decimals, 0 to 1) in basis points; -1 if not. */
static long long
ratio_bp(const char *v)
{
	static const int	 scale[4] = { 1000, 100, 10, 1 };
	long long		 bp;
	int			 i;

	if (!isdigit((unsigned char)v[0]))
		return -1;
	bp = (v[0] - '0') * 10000LL;
	if (v[1] == '.') {
		for (i = 0; i < 4 && isdigit((unsigned char)v[2 + i]); i++)
			bp += (v[2 + i] - '0') * scale[i];
		if (i == 0 || v[2 + i] != '\0')
			return -1;
	} else if (v[1] != '\0')
		return -1;
	return bp <= 10000 ? bp : -1;
}

/* The flags of a comma-separated list in words, joined by sep. */
static const char *
flags_text(struct export *x, const char *v)
{
	struct buf	 b;
	const char	*p, *end;
	size_t		 n;
	int		 f;

	buf_init(&b, x->r->a);
	for (p = v; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		for (f = 0; f < XFLAG__MAX; f++)
			if (strlen(xflags[f].code) == n &&
			    strncmp(xflags[f].code, p, n) == 0)
				break;
		if (f == XFLAG__MAX)
			continue;
		if (b.len > 0)
			buf_puts(&b, x->r->lang == LANG_EN ? "; " : "；");
		buf_puts(&b, msg((enum lang)x->r->lang, xflags[f].label));
	}
	return b.p;
}

/* What a person reads in a cell: names for codes, words for booleans. */
static const char *
cell_text(struct export *x, const struct xcol *c, const char *v)
{
	enum lang	 l = (enum lang)x->r->lang;
	long long	 bp;

	switch (c->type) {
	case XC_BOOL:
		return msg(l, v[0] == 't' ? MSG_YES : MSG_NO);
	case XC_COUNTY:
		return code_county(v, strlen(v)) < 0 ? v :
		    msg_county(l, (enum county)code_county(v, strlen(v)));
	case XC_STAGE:
		return code_stage(v, strlen(v)) < 0 ? v :
		    msg_stage(l, (enum stage)code_stage(v, strlen(v)));
	case XC_MODE:
		return code_mode(v, strlen(v)) < 0 ? v :
		    msg_mode(l, code_mode(v, strlen(v)));
	case XC_FLAGS:
		return flags_text(x, v);
	case XC_RATIO:
		if ((bp = ratio_bp(v)) < 0)
			return v;
		return arena_printf(x->r->a, "%lld.%02lld%%", bp / 100, bp % 100);
	default:
		return v;
	}
}

/* ---- CSV ----------------------------------------------------------- */

void
export_csv_cell(struct buf *b, const char *v, int neutralise)
{
	const char	*p;
	int		 quote = strpbrk(v, ",\"\r\n") != NULL;

	if (quote)
		buf_putc(b, '"');
	/*
	 * A cell a spreadsheet would read as a formula (=, +, -, @, and
	 * TAB or CR, which some strip before looking) gets an apostrophe
	 * in front, inside the quotes: Excel and LibreOffice then show it
	 * as text.
	 */
	if (neutralise && v[0] != '\0' && strchr("=+-@\t\r", v[0]) != NULL)
		buf_putc(b, '\'');
	for (p = v; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
}

static void
csv_row(struct export *x, const char *const *vals, int header)
{
	const struct xcol	*c;
	size_t			 i;
	int			 first = 1;

	for (i = 0; i < x->ncols; i++) {
		c = &x->cols[i];
		if (c->flags & XC_JSON_ONLY)
			continue;
		if (!first)
			buf_putc(&x->csv, ',');
		first = 0;
		if (header)
			export_csv_cell(&x->csv, col_label(x, c), 0);
		else if (vals[i] != NULL)
			export_csv_cell(&x->csv, cell_text(x, c, vals[i]),
			    c->type == XC_TEXT);
	}
	buf_puts(&x->csv, "\r\n");
}

/* ---- XLSX ---------------------------------------------------------- */

static void
xlsx_free(void *p)
{
	struct export_xlsx	*w = p;

	if (w->wb != NULL)
		lxw_workbook_free(w->wb);
	if (w->fd != -1)
		close(w->fd);
}

static enum jg_err
xlsx_open(struct export *x)
{
	struct export_xlsx	*w;
	lxw_workbook_options	 opt;
	char			 tmpl[] = "/tmp/jiugai-export-XXXXXX";

	w = arena_alloc(x->r->a, sizeof(*w));
	w->fd = -1;
	arena_cleanup(x->r->a, xlsx_free, w);
	x->x = w;
	if ((w->fd = mkstemp(tmpl)) == -1) {
		log_err("export: mkstemp: %s", strerror(errno));
		return JG_INTERNAL;
	}
	unlink(tmpl);
	memset(&opt, 0, sizeof(opt));
	opt.constant_memory = LXW_TRUE;
	w->wb = workbook_new_opt(arena_printf(x->r->a, "/proc/self/fd/%d",
	    w->fd), &opt);
	if (w->wb == NULL) {
		log_err("export: cannot start a workbook");
		return JG_INTERNAL;
	}
	w->head = workbook_add_format(w->wb);
	format_set_bold(w->head);
	format_set_text_wrap(w->head);
	format_set_align(w->head, LXW_ALIGN_VERTICAL_TOP);
	w->money = workbook_add_format(w->wb);
	format_set_num_format(w->money, "#,##0.00");
	w->date = workbook_add_format(w->wb);
	format_set_num_format(w->date, "yyyy-mm-dd");
	w->ratio = workbook_add_format(w->wb);
	format_set_num_format(w->ratio, "0.00%");
	return JG_OK;
}

/* "YYYY-MM-DD" into d; -1 when v is not one. */
static int
parse_date(const char *v, lxw_datetime *d)
{
	int	 i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? v[i] != '-' : !isdigit((unsigned char)v[i]))
			return -1;
	if (v[10] != '\0')
		return -1;
	memset(d, 0, sizeof(*d));
	d->year = atoi(v);
	d->month = atoi(v + 5);
	d->day = atoi(v + 8);
	/* Excel's dates start in 1900; the API's are within 1900..2100. */
	return d->year >= 1900 && d->month >= 1 && d->month <= 12 &&
	    d->day >= 1 && d->day <= 31 ? 0 : -1;
}

/* A number the database wrote: digits, one point, a leading minus. */
static int
numeric(const char *v)
{
	const char	*p = v;
	int		 digits = 0, points = 0;

	if (*p == '-')
		p++;
	for (; *p != '\0'; p++) {
		if (*p == '.')
			points++;
		else if (isdigit((unsigned char)*p))
			digits++;
		else
			return 0;
	}
	return digits > 0 && points <= 1;
}

static void
xlsx_cell(struct export *x, lxw_col_t col, const struct xcol *c,
    const char *v)
{
	struct export_xlsx	*w = x->x;
	lxw_row_t		 row = (lxw_row_t)x->row;
	lxw_datetime		 d;
	long long		 bp;

	switch (c->type) {
	case XC_INT:
	case XC_DECIMAL:
	case XC_MONEY:
		if (!numeric(v))
			break;
		/*
		 * Excel keeps every number as a double: the text's yuan
		 * (at most 14 digits with the fen) converts exactly enough
		 * to show the same two decimals.  No arithmetic is done on
		 * it here.
		 */
		worksheet_write_number(w->ws, row, col, strtod(v, NULL),
		    c->type == XC_INT ? NULL : w->money);
		return;
	case XC_DATE:
		if (parse_date(v, &d) == -1)
			break;
		worksheet_write_datetime(w->ws, row, col, &d, w->date);
		return;
	case XC_RATIO:
		if ((bp = ratio_bp(v)) < 0)
			break;
		worksheet_write_number(w->ws, row, col, (double)bp / 10000.0,
		    w->ratio);
		return;
	default:
		break;
	}
	/* Strings are never formulas in a workbook: no apostrophe needed. */
	worksheet_write_string(w->ws, row, col, cell_text(x, c, v), NULL);
}

static void
xlsx_row(struct export *x, const char *const *vals, int header)
{
	const struct xcol	*c;
	lxw_col_t		 col = 0;
	size_t			 i;

	for (i = 0; i < x->ncols; i++) {
		c = &x->cols[i];
		if (c->flags & XC_JSON_ONLY)
			continue;
		if (header)
			worksheet_write_string(x->x->ws, 0, col,
			    col_label(x, c), x->x->head);
		else if (vals[i] != NULL && vals[i][0] != '\0')
			xlsx_cell(x, col, c, vals[i]);
		col++;
	}
	x->row++;
}

/* ---- The export ---------------------------------------------------- */

enum jg_err
export_begin(struct export *x, struct req *r, enum export_fmt fmt)
{
	memset(x, 0, sizeof(*x));
	x->r = r;
	x->fmt = fmt;
	buf_init(&x->csv, r->a);
	if (fmt == EXPORT_CSV) {
		buf_puts(&x->csv, "\xef\xbb\xbf");	/* the BOM: UTF-8 for Excel */
		return JG_OK;
	}
	return xlsx_open(x);
}

void
export_sheet(struct export *x, const char *name, const struct xcol *cols,
    size_t n)
{
	struct export_xlsx	*w = x->x;
	lxw_col_t		 col = 0;
	size_t			 i;
	int			 frozen = 0;

	x->cols = cols;
	x->ncols = n;
	x->row = 0;
	x->skip = x->fmt == EXPORT_CSV && x->sheets > 0;
	x->sheets++;
	if (x->skip)
		return;
	if (x->fmt == EXPORT_CSV) {
		csv_row(x, NULL, 1);
		return;
	}
	if (w->wb == NULL)
		return;
	w->ws = workbook_add_worksheet(w->wb, name);
	if (w->ws == NULL) {
		w->ws = workbook_add_worksheet(w->wb, NULL);
		if (w->ws == NULL)
			return;
	}
	for (i = 0; i < n; i++) {
		if (cols[i].flags & XC_JSON_ONLY)
			continue;
		worksheet_set_column(w->ws, col, col, cols[i].width, NULL);
		col++;
	}
	/* The header row, and the first two columns (code and name) when more. */
	if (col > 2)
		frozen = 2;
	worksheet_freeze_panes(w->ws, 1, (lxw_col_t)frozen);
	worksheet_set_row(w->ws, 0, LXW_DEF_ROW_HEIGHT * 2, NULL);
	xlsx_row(x, NULL, 1);
}

void
export_row(struct export *x, const char *const *vals)
{
	if (x->skip || x->cols == NULL)
		return;
	if (x->fmt == EXPORT_CSV)
		csv_row(x, vals, 0);
	else if (x->x->ws != NULL)
		xlsx_row(x, vals, 0);
}

const char *
export_today(struct req *r)
{
	time_t		 t = (time_t)(r->now + 8 * 3600);	/* UTC+8 all year */
	struct tm	 tm;
	char		 d[16];

	gmtime_r(&t, &tm);
	strftime(d, sizeof(d), "%Y-%m-%d", &tm);
	return arena_strdup(r->a, d);
}

/* The whole unlinked file into r->out. */
static enum jg_err
xlsx_finish(struct export *x)
{
	struct export_xlsx	*w = x->x;
	struct req		*r = x->r;
	struct stat		 st;
	lxw_error		 le;
	char			*p;
	size_t			 off = 0;
	ssize_t			 n;

	le = workbook_close(w->wb);
	w->wb = NULL;		/* freed by workbook_close, whatever it says */
	if (le != LXW_NO_ERROR) {
		log_err("export: workbook: %s", lxw_strerror(le));
		return JG_INTERNAL;
	}
	if (fstat(w->fd, &st) == -1 || st.st_size <= 0 ||
	    lseek(w->fd, 0, SEEK_SET) == -1) {
		log_err("export: the workbook file: %s", strerror(errno));
		return JG_INTERNAL;
	}
	p = arena_alloc(r->a, (size_t)st.st_size + 1);
	while (off < (size_t)st.st_size) {
		n = read(w->fd, p + off, (size_t)st.st_size - off);
		if (n <= 0) {
			log_err("export: reading the workbook: %s",
			    n == 0 ? "short file" : strerror(errno));
			return JG_INTERNAL;
		}
		off += (size_t)n;
	}
	/* A zip file holds NULs: the answer is written by its length. */
	r->out.a = r->a;
	r->out.p = p;
	r->out.len = off;
	r->out.cap = off + 1;
	return JG_OK;
}

enum jg_err
export_end(struct export *x, const char *name, const char *zh_name)
{
	struct req	*r = x->r;
	const char	*today = export_today(r);
	char		 enc[512];
	enum jg_err	 e;

	if (x->fmt == EXPORT_XLSX) {
		if (x->x->wb == NULL)
			return JG_INTERNAL;
		if ((e = xlsx_finish(x)) != JG_OK)
			return e;
	} else
		r->out = x->csv;
	r->status = 200;
	r->out_ctype = ctypes[x->fmt];
	r->etag = NULL;
	/*
	 * filename for every client, filename* (RFC 6266, RFC 8187) with the
	 * Chinese name for those that read it: browsers prefer it.
	 */
	if (url_encode(arena_printf(r->a, "%s-%s.%s", zh_name, today,
	    exts[x->fmt]), enc, sizeof(enc)) < 0)
		enc[0] = '\0';
	r->disposition = arena_printf(r->a,
	    "attachment; filename=\"%s-%s.%s\"%s%s", name, today,
	    exts[x->fmt], enc[0] != '\0' ? "; filename*=UTF-8''" : "", enc);
	return JG_OK;
}

/* ---- JSON ---------------------------------------------------------- */

void
export_json_row(struct buf *b, const struct xcol *cols, size_t n,
    const char *const *vals)
{
	const char	*p, *end;
	size_t		 i;
	long long	 bp;
	int		 first;

	buf_putc(b, '{');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		buf_json_str(b, cols[i].key);
		buf_putc(b, ':');
		if (vals[i] == NULL) {
			buf_puts(b, "null");
			continue;
		}
		switch (cols[i].type) {
		case XC_INT:
		case XC_DECIMAL:
		case XC_MONEY:
			if (numeric(vals[i]))
				buf_puts(b, vals[i]);
			else
				buf_puts(b, "null");
			break;
		case XC_RATIO:
			if ((bp = ratio_bp(vals[i])) < 0)
				buf_puts(b, "null");
			else
				buf_printf(b, "%lld.%04lld", bp / 10000,
				    bp % 10000);
			break;
		case XC_BOOL:
			buf_puts(b, vals[i][0] == 't' ? "true" : "false");
			break;
		case XC_FLAGS:
			buf_putc(b, '[');
			first = 1;
			for (p = vals[i]; *p != '\0'; p = *end == ',' ?
			    end + 1 : end) {
				if ((end = strchr(p, ',')) == NULL)
					end = p + strlen(p);
				if (end == p)
					continue;
				if (!first)
					buf_putc(b, ',');
				first = 0;
				buf_json_strn(b, p, (size_t)(end - p));
			}
			buf_putc(b, ']');
			break;
		default:
			buf_json_str(b, vals[i]);
			break;
		}
	}
	buf_putc(b, '}');
}

/* ---- Accept -------------------------------------------------------- */

/* The q of media range s[0..n) ("text/csv;q=0.5"): 0 to 1000. */
static int
range_q(const char *s, size_t n)
{
	const char	*p = memchr(s, ';', n), *end = s + n;
	int		 q = 1000, scale = 100;

	for (; p != NULL && p < end; p = memchr(p + 1, ';', (size_t)(end - p - 1))) {
		const char *v = p + 1;

		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		if (end - v < 2 || (v[0] != 'q' && v[0] != 'Q') || v[1] != '=')
			continue;
		v += 2;
		if (v >= end || (*v != '0' && *v != '1'))
			return 0;
		q = (*v++ - '0') * 1000;
		if (v < end && *v == '.')
			for (v++; v < end && isdigit((unsigned char)*v) &&
			    scale > 0; v++, scale /= 10)
				q += (*v - '0') * scale;
		return q > 1000 ? 1000 : q;
	}
	return q;
}

int
export_wants_csv(const char *accept)
{
	const char	*p, *end, *s;
	size_t		 n, len;
	int		 csv = -1, json = -1;

	if (accept == NULL)
		return 0;
	for (p = accept; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		for (s = p; s < end && (*s == ' ' || *s == '\t'); s++)
			continue;
		n = (size_t)(end - s);
		for (len = 0; len < n && s[len] != ';' && s[len] != ' ' &&
		    s[len] != '\t'; len++)
			continue;
		if (len == 8 && strncasecmp(s, "text/csv", 8) == 0)
			csv = range_q(s, n);
		else if (len == 16 && strncasecmp(s, "application/json", 16) == 0)
			json = range_q(s, n);
	}
	return csv > 0 && csv >= json;
}
