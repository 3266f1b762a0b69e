/*
 * export.h - tables of rows as CSV, as .xlsx and as JSON objects: the
 * one writer behind the ledger (台账) and the hand-over report's exports
 * (docs/exports.md).
 *
 * A report describes its columns once (struct xcol) and hands each row
 * over as the database's text of every column; the writer turns that
 * text into what each format wants:
 *
 *   CSV   UTF-8 with a BOM (Excel then reads Chinese correctly), CRLF
 *         line ends, RFC 4180 quoting, and a leading apostrophe on any
 *         text a user typed that starts with = + - @ TAB or CR, so that
 *         a spreadsheet never runs it as a formula.  Codes are shown by
 *         their names in the page's language.
 *   XLSX  libxlsxwriter in constant-memory mode (rows go to disk as they
 *         are written): numbers as numbers, money and areas with a
 *         #,##0.00 format, dates as Excel dates with a yyyy-mm-dd
 *         format, a bold header row, frozen panes, column widths.
 *   JSON  one object per row, keyed by the columns' API names: numbers
 *         bare, codes as codes, dates as "YYYY-MM-DD".
 */
#ifndef JIUGAI_EXPORT_H
#define JIUGAI_EXPORT_H

#include <stddef.h>

#include "buf.h"
#include "http.h"
#include "i18n.h"

enum xcol_type {
	XC_TEXT,	/* typed by a user: CSV neutralises formulas */
	XC_INT,		/* a whole number, may be negative */
	XC_DECIMAL,	/* two decimals: areas (m²) */
	XC_MONEY,	/* yuan, two decimals */
	XC_DATE,	/* "YYYY-MM-DD" */
	XC_BOOL,	/* "t" or "f" */
	XC_RATIO,	/* "0.6667": a share, shown as a percentage */
	XC_COUNTY,	/* codes of codes.h, shown by name */
	XC_STAGE,
	XC_MODE,
	XC_FLAGS,	/* comma-separated follow-up flags (enum xflag) */
	XC__MAX
};

#define XC_JSON_ONLY	0x1	/* an id for API clients, not a spreadsheet column */

struct xcol {
	const char	*key;	/* the JSON key */
	enum msg	 label;	/* the header; MSG__MAX: msg_field(key) */
	enum xcol_type	 type;
	int		 width;	/* Excel column width, in characters */
	unsigned	 flags;
};

/* The follow-up flags of the hand-over report (XC_FLAGS). */
enum xflag {
	XFLAG_CONTRACT_EXPIRED,	/* the contract has ended */
	XFLAG_CONTRACT_ENDING,	/* it ends within 90 days */
	XFLAG_COMMUNITY_BACKED,	/* 社区托底: no company yet */
	XFLAG__MAX
};

struct xflag_info {
	const char	*code;	/* in the API and in the database's text */
	enum msg	 label;
};

extern const struct xflag_info	 xflags[XFLAG__MAX];

/*
 * The most rows a file holds (a bigger one is refused, 422): about the
 * national ledger's half, written in well under the proxy's timeout.
 * MSG_X_EXPORT_HINT and MSG_X_TOO_MANY_BODY say this number.
 */
#define EXPORT_MAX_ROWS	100000

enum export_fmt {
	EXPORT_CSV,
	EXPORT_XLSX,
	EXPORT__MAX
};

struct export_xlsx;

/* One export being written; see export_begin(). */
struct export {
	struct req		*r;
	enum export_fmt		 fmt;
	const struct xcol	*cols;
	size_t			 ncols;
	int			 sheets;	/* begun so far */
	long			 row;		/* next row of the sheet */
	int			 skip;		/* this sheet is not in this format */
	struct buf		 csv;
	struct export_xlsx	*x;
};

/*
 * Start an export of r in format fmt.  Returns JG_OK, or JG_INTERNAL
 * (logged) when the .xlsx workbook cannot be made.  Everything is
 * released with r's arena whatever happens next.
 */
enum jg_err	 export_begin(struct export *x, struct req *r,
		    enum export_fmt fmt);
/*
 * Start a sheet named name with columns cols[0..n) (which must live as
 * long as the export) and write its header row.  A CSV file holds one
 * table: its second and later sheets are skipped (their rows ignored).
 */
void		 export_sheet(struct export *x, const char *name,
		    const struct xcol *cols, size_t n);
/* One row: vals[i] is the text of cols[i], NULL for none. */
void		 export_row(struct export *x, const char *const *vals);
/*
 * Finish: the file becomes r's answer (200, its Content-Type, and a
 * Content-Disposition naming it name-YYYY-MM-DD.csv or .xlsx, the date
 * of today in the city, with the Chinese zh_name as filename*).
 * JG_INTERNAL (logged) when libxlsxwriter or the temporary file failed.
 */
enum jg_err	 export_end(struct export *x, const char *name,
		    const char *zh_name);

/* One row as a JSON object of cols[0..n) into b (see export.h's head). */
void		 export_json_row(struct buf *b, const struct xcol *cols, size_t n,
		    const char *const *vals);

/*
 * The CSV text of one cell into b: quoted when it holds a comma, a
 * quote, CR or LF (quotes doubled); with neutralise, an apostrophe in
 * front of a value starting with = + - @ TAB or CR.  Pure: for tests.
 */
void		 export_csv_cell(struct buf *b, const char *v, int neutralise);

/* Whether the Accept header prefers CSV: it names text/csv (q > 0). */
int		 export_wants_csv(const char *accept);

/* Today's date in the city (UTC+8) as "YYYY-MM-DD", for r->now. */
const char	*export_today(struct req *r);

#endif
