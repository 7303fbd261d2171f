/* careen - offline disk-image toolkit */

/**
 * virt-inspector --xpath QUERY: reads inspection XML on stdin and
 * prints the result of the XPath query on stdout, so that scripts need
 * no other XML tool: a node set is printed as XML, one node after the
 * other (attributes as their value), a string, number or boolean as
 * text.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "virt-inspector.h"

static int
print_nodes (const char *program, xmlDocPtr doc, xmlNodeSetPtr nodes)
{
  int i;

  for (i = 0; nodes && i < nodes->nodeNr; ++i) {
    xmlNodePtr node = nodes->nodeTab[i];

    if (node->type == XML_ATTRIBUTE_NODE) {
      xmlChar *v = xmlNodeGetContent (node);

      printf ("%s\n", v ? (const char *) v : "");
      xmlFree (v);
    }
    else {
      xmlBufferPtr buf = xmlBufferCreate ();

      if (buf == NULL || xmlNodeDump (buf, doc, node, 0, 1) == -1) {
        fprintf (stderr, "%s: cannot print the XPath result\n", program);
        xmlBufferFree (buf);
        return -1;
      }
      printf ("%s\n", (const char *) xmlBufferContent (buf));
      xmlBufferFree (buf);
    }
  }
  return 0;
}

int
inspector_xpath (const char *program, const char *query)
{
  xmlDocPtr doc;
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr res;
  int r = 0;

  /* No network access: the XML is data (entities are not expanded
   * without XML_PARSE_NOENT).
   */
  doc = xmlReadFd (0, NULL, "utf-8", XML_PARSE_NONET);
  if (doc == NULL) {
    fprintf (stderr, "%s: unable to parse the XML on stdin\n", program);
    return -1;
  }
  ctx = xmlXPathNewContext (doc);
  if (ctx == NULL) {
    fprintf (stderr, "%s: unable to create the XPath context\n", program);
    xmlFreeDoc (doc);
    return -1;
  }
  res = xmlXPathEvalExpression (BAD_CAST query, ctx);
  if (res == NULL) {
    fprintf (stderr, "%s: unable to evaluate the XPath query: %s\n",
             program, query);
    xmlXPathFreeContext (ctx);
    xmlFreeDoc (doc);
    return -1;
  }
  switch (res->type) {
  case XPATH_NODESET:
    r = print_nodes (program, doc, res->nodesetval);
    break;
  case XPATH_STRING:
    printf ("%s\n", (const char *) res->stringval);
    break;
  case XPATH_NUMBER:
    printf ("%g\n", res->floatval);
    break;
  case XPATH_BOOLEAN:
    printf ("%s\n", res->boolval ? "true" : "false");
    break;
  default:
    fprintf (stderr, "%s: XPath result of an unsupported type\n", program);
    r = -1;
  }
  xmlXPathFreeObject (res);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return r;
}
