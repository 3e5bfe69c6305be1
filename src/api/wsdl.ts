/**
 * The exchange WSDL (wsdl/exchange/etms-exchange.wsdl) with its XSD (etms-exchange.xsd). The WSDL
 * served at /soap/exchange?wsdl carries the XSD inline and the caller's own address, so a client
 * given only that URL can run every operation.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config.js';

export const EXCHANGE_NAMESPACE = 'urn:ca:on:etms:exchange:v1';
export const SOAP_PATH = '/soap/exchange';

function exchangeDir(): string {
  const dir = join(PROJECT_ROOT, 'wsdl', 'exchange');
  if (existsSync(join(dir, 'etms-exchange.wsdl'))) return dir;
  // Compiled tree (dist/src/..): the wsdl folder sits one level higher.
  return join(PROJECT_ROOT, '..', 'wsdl', 'exchange');
}

let cached: { wsdl: string; xsd: string } | undefined;

export function exchangeFiles(): { wsdl: string; xsd: string } {
  if (!cached) {
    const dir = exchangeDir();
    cached = {
      wsdl: readFileSync(join(dir, 'etms-exchange.wsdl'), 'utf8'),
      xsd: readFileSync(join(dir, 'etms-exchange.xsd'), 'utf8'),
    };
  }
  return cached;
}

/** Where the real PESC schemas the WSDL imports are served, relative to the WSDL's address. */
export const PESC_SCHEMA_PATH = '/soap/pesc';

/**
 * The WSDL with the exchange XSD inlined, the PESC schemas imported from PESC_SCHEMA_PATH (each
 * one's own imports resolve beside it) and the service address set to `location`.
 */
export function servedWsdl(location: string): string {
  const { wsdl, xsd } = exchangeFiles();
  const schema = xsd.replace(/^<\?xml[^>]*\?>\s*/, '').replace(/^<!--[\s\S]*?-->\s*/, '');
  return (
    wsdl
      .replace(
        /<xsd:schema targetNamespace="urn:ca:on:etms:exchange:v1\/wsdl">[\s\S]*?<\/xsd:schema>/,
        () => schema,
      )
      // Relative to SOAP_PATH (/soap/exchange), pesc/ is PESC_SCHEMA_PATH.
      .replace(/schemaLocation="\.\.\/pesc\//g, 'schemaLocation="pesc/')
      .replace(
        /<soap:address location="[^"]*"\/>/,
        () => `<soap:address location="${location.replace(/[<>&"]/g, '')}"/>`,
      )
  );
}
