import type { ComponentChildren } from 'preact';

interface DocumentProps {
  title: string;
  /** Name after the page title, e.g. the tenant. */
  site?: string;
  children: ComponentChildren;
  scripts?: string[];
}

/** The HTML shell: German, KERN UX styles, no inline script or style (strict CSP). */
export function Document({ title, site, children, scripts = [] }: DocumentProps) {
  return (
    <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{site ? `${title} – ${site}` : title}</title>
        <link rel="stylesheet" href="/assets/kern/fonts/fira-sans.css" />
        <link rel="stylesheet" href="/assets/kern/kern.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="stylesheet" href="/assets/print.css" media="print" />
        {scripts.map((src) => (
          <script src={src} defer key={src} />
        ))}
      </head>
      <body class="kern-body">{children}</body>
    </html>
  );
}
