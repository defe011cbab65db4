import { useParams } from "react-router";
import { QueriesPage } from "../../features/queries/components/queries-page.tsx";

/** `/c/<context>/queries?expr=&kinds=&col=…`: saved CEL queries. */
export function QueriesRoute() {
  const context = useParams().context as string;
  return <QueriesPage context={context} />;
}
