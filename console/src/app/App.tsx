import { type ReactNode, useEffect } from 'react';
import { useSession } from '../api/session.js';
import { Loading } from '../components/Notice.js';
import { SignIn } from '../views/SignIn.js';
import { NotFound } from '../views/NotFound.js';
import { operatorRoutes, portalRoutes, type RouteDef } from './routeTable.js';
import { matchPath } from './routes.js';
import { navigate, useLocation } from './router.js';
import { Shell } from './Shell.js';

function resolve(routes: RouteDef[], path: string): ReactNode | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return route.render(params);
  }
  return null;
}

export function App() {
  const { state } = useSession();
  const { path } = useLocation();

  if (state.status === 'checking') return <Loading />;
  if (state.status === 'signedOut') return <SignIn expired={state.expired} />;

  const operator = state.principal.kind === 'operator';
  const home = operator ? '/overview' : '/portal/keys';
  if (path === '/' || path === '/sign-in') return <Redirect to={home} />;
  // Operators and members each see only their own area; the other one is simply not there.
  const view = resolve(operator ? operatorRoutes : portalRoutes, path);
  return <Shell>{view ?? <NotFound home={home} />}</Shell>;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, {}, { replace: true }), [to]);
  return null;
}
