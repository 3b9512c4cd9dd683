// The few host APIs that every runtime src-core runs in (browsers, Node, workers) provides.
// Declared here because src-core compiles without DOM or Node typings.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  decode(input?: Uint8Array): string;
}
declare const performance: { now(): number };
/** Deep copy of plain data (HTML structured clone: Node ≥ 17, every current browser). */
declare function structuredClone<T>(value: T): T;
