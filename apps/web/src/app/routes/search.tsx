import { useParams, useSearchParams } from "react-router";
import { SearchPage } from "../../features/search/components/search-page.tsx";

/** `/c/<context>/search?q=&ns=&labelSelector=`: search across kinds. */
export function SearchRoute() {
  const context = useParams().context as string;
  const [params] = useSearchParams();
  // A new search from the dialog while this page is open starts from its fields.
  return <SearchPage key={params.toString()} context={context} />;
}
