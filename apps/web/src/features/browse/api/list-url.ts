import { apiUrl, type ResourceTarget } from "../../../lib/resource-path.ts";

/** The first page is small so the table paints at once; later pages are large so a big list takes few requests. */
const FIRST_PAGE = 250;
const NEXT_PAGE = 2000;

/** The REST URL of one page of a list in the Table format (`continue`: the previous page's token). */
export function listPageUrl(
  context: string,
  target: ResourceTarget,
  labelSelector: string | undefined,
  continueToken?: string,
  fieldSelector?: string,
): string {
  return apiUrl(context, target, {
    limit: String(continueToken === undefined ? FIRST_PAGE : NEXT_PAGE),
    continue: continueToken,
    labelSelector,
    fieldSelector: fieldSelector || undefined,
    includeObject: "Metadata",
  });
}
