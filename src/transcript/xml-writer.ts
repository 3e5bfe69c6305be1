/**
 * The small XML writer the transcript builder needs: elements, leaf text, namespace declarations,
 * one element per line and no indentation, byte for byte what xmlbuilder2's prettyPrint writes
 * with an empty indent (the fixtures pin it), except that every "&" is escaped (xmlbuilder2 lets
 * "&name;" through as an entity reference). A general DOM builder cost more than a millisecond per
 * transcript, on the agent's hot path. No indentation: it was a quarter of a 40-course
 * transcript's bytes, and the XSD validator's time goes with the bytes it reads; one element per
 * line keeps the validator's line numbers pointing at one element.
 */

import { escapeXml, escapeXmlAttribute } from '../text/escape.js';

const XMLNS = 'http://www.w3.org/2000/xmlns/';

export class XmlElement {
  private readonly attributes: Array<[string, string]> = [];
  private readonly children: XmlElement[] = [];
  private text: string | undefined;

  constructor(
    private readonly name: string,
    namespace?: string,
  ) {
    if (namespace !== undefined) {
      const colon = name.indexOf(':');
      this.attributes.push([colon > 0 ? `xmlns:${name.slice(0, colon)}` : 'xmlns', namespace]);
    }
  }

  /** A child element: `ele(name)`, or `ele(namespace, 'prefix:name')` which declares the prefix. */
  ele(nameOrNamespace: string, qualifiedName?: string): XmlElement {
    if (this.text !== undefined) throw new Error(`<${this.name}> already holds text`);
    const child =
      qualifiedName === undefined
        ? new XmlElement(nameOrNamespace)
        : new XmlElement(qualifiedName, nameOrNamespace);
    this.children.push(child);
    return child;
  }

  /** An attribute; only namespace declarations are written with a namespace (xmlns:…). */
  att(namespace: string | null, name: string, value: string): this {
    if (namespace !== null && namespace !== XMLNS)
      throw new Error(`attributes in namespace ${namespace} are not supported`);
    this.attributes.push([name, value]);
    return this;
  }

  /** The element's text (a leaf); an empty text writes an empty element. */
  txt(text: string): this {
    if (this.children.length > 0) throw new Error(`<${this.name}> already holds elements`);
    this.text = (this.text ?? '') + text;
    return this;
  }

  /** `scope`: the namespace declarations in force; one already in force is not written again. */
  write(out: string[], indent: string, scope: ReadonlyMap<string, string> = new Map()): void {
    let open = `${indent}<${this.name}`;
    let inner: Map<string, string> | undefined;
    for (const [name, value] of this.attributes) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope.get(name) === value) continue;
        (inner ??= new Map(scope)).set(name, value);
      }
      open += ` ${name}="${escapeXmlAttribute(value)}"`;
    }
    if (this.children.length === 0) {
      out.push(this.text ? `${open}>${escapeXml(this.text)}</${this.name}>` : `${open}/>`);
      return;
    }
    out.push(`${open}>`);
    for (const child of this.children) child.write(out, indent, inner ?? scope);
    out.push(`${indent}</${this.name}>`);
  }
}

/** A document with one root element; `toString()` gives the declaration and the tree, an element a line. */
export class XmlDocument {
  private root: XmlElement | undefined;

  ele(namespace: string, qualifiedName: string): XmlElement {
    if (this.root) throw new Error('an XML document has one root element');
    this.root = new XmlElement(qualifiedName, namespace);
    return this.root;
  }

  toString(): string {
    const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
    this.root?.write(out, '');
    return out.join('\n');
  }
}
