/*
 * xmlcheck.c - the well-formedness checker of xmlcheck.h; the one of
 * tests/unit/test_web_workflow.c, shared.
 */
#include <string.h>

#include "xmlcheck.h"

#define DEPTH_MAX	64
#define NAME_MAX_	32

/* A character reference html.c may write at s ('&' at s[0]); its length. */
static size_t
entity(const char *s)
{
	static const char *const ok[] = {
		"&amp;", "&lt;", "&gt;", "&quot;", "&#39;",
	};
	size_t	 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strncmp(s, ok[i], strlen(ok[i])) == 0)
			return strlen(ok[i]);
	return 0;
}

int
xml_well_formed(const char *s, const char **why)
{
	char		 stack[DEPTH_MAX][NAME_MAX_];
	const char	*p = s, *q;
	size_t		 n;
	int		 depth = 0, seen = 0;

	while (*p == ' ' || *p == '\n')
		p++;
	while (*p != '\0') {
		if (*p == '&') {
			if ((n = entity(p)) == 0)
				return *why = "bare &", 0;
			p += n;
			continue;
		}
		if (*p == '>')
			return *why = "bare >", 0;
		if (*p != '<') {
			if (depth == 0 && *p != '\n' && *p != ' ')
				return *why = "text outside the root", 0;
			p++;
			continue;
		}
		if (p[1] == '/') {
			/* An end tag: the innermost open element's. */
			q = p + 2;
			n = strcspn(q, ">");
			if (q[n] != '>' || depth == 0 || n >= NAME_MAX_ ||
			    strncmp(stack[depth - 1], q, n) != 0 ||
			    stack[depth - 1][n] != '\0')
				return *why = "end tag does not match", 0;
			depth--;
			p = q + n + 1;
			continue;
		}
		/* A start tag: a name, then name="value" pairs. */
		if (depth == 0 && seen++)
			return *why = "two roots", 0;
		q = p + 1;
		n = strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (n == 0 || n >= NAME_MAX_ || depth == DEPTH_MAX)
			return *why = "bad tag name", 0;
		memcpy(stack[depth], q, n);
		stack[depth++][n] = '\0';
		q += n;
		while (*q == ' ') {
			q++;
			n = strspn(q, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ-");
			if (n == 0 || q[n] != '=' || q[n + 1] != '"')
				return *why = "bad attribute", 0;
			q += n + 2;
			while (*q != '"') {
				if (*q == '\0' || *q == '<')
					return *why = "bad attribute value", 0;
				if (*q == '&') {
					if ((n = entity(q)) == 0)
						return *why = "bare & in a value", 0;
					q += n;
				} else
					q++;
			}
			q++;
		}
		if (*q != '>')
			return *why = "unterminated tag", 0;
		p = q + 1;
	}
	if (depth != 0 || !seen)
		return *why = "unclosed element", 0;
	return 1;
}
