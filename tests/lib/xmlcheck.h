/*
 * xmlcheck.h - a small checker of the markup html.h writes, for tests of
 * drawings and fragments: is it one well-formed XML element?
 */
#ifndef JIUGAI_TEST_XMLCHECK_H
#define JIUGAI_TEST_XMLCHECK_H

/*
 * Whether s is one well-formed XML element, optionally surrounded by
 * spaces and newlines: balanced tags, name="value" attributes, only the
 * character references html.c writes (&amp; &lt; &gt; &quot; &#39;), no
 * void elements, self-closing tags or comments.  Returns 1, or 0 with
 * *why set to the first fault.  Nesting deeper than 64 is a fault.
 */
int	xml_well_formed(const char *s, const char **why);

#endif
