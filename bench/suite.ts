/** A named benchmark: `npm run bench -- <name>`. Returns the Markdown to print. */
export interface Suite {
  name: string;
  description: string;
  run(): Promise<string>;
}
