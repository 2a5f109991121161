import { type AnchorHTMLAttributes, type ReactNode, useSyncExternalStore } from 'react';
import { type Location, href, parseHash } from './routes.js';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useLocation(): Location {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}

export function navigate(path: string, query: Record<string, string | number | null | undefined> = {}, options: { replace?: boolean } = {}): void {
  const target = href(path, query);
  if (options.replace) window.location.replace(target);
  else window.location.hash = target.slice(1);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  to: string;
  query?: Record<string, string | number | null | undefined>;
  children: ReactNode;
};

export function Link({ to, query, children, ...rest }: LinkProps) {
  return (
    <a href={href(to, query)} {...rest}>
      {children}
    </a>
  );
}
