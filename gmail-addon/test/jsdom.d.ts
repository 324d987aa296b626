// jsdom (a dev dependency) ships no types and @types/jsdom is not installed; this declares the little the Gmail
// tests use to read rendered cards as a person would (their text, not their markup). The add-on's tsconfig has no
// DOM lib, so the shapes are spelled out.
declare module "jsdom" {
  interface TextNode {
    readonly textContent: string | null;
    querySelectorAll(selector: string): Iterable<TextNode>;
    querySelector(selector: string): TextNode | null;
  }
  export class JSDOM {
    constructor(html: string);
    readonly window: {
      document: {
        readonly body: TextNode;
        querySelectorAll(selector: string): Iterable<TextNode>;
        querySelector(selector: string): TextNode | null;
      };
    };
  }
}
