/**
 * PESC's own example Transcript Request (wsdl/pesc/), made an Ontario one: sent by OCAS to the test
 * board's school 900001 (its BSID as LocalOrganizationID), for a student with an OEN.
 */
export function ontarioRequest(example: string, reference: string): string {
  return example
    .replace(
      '<MutuallyDefined>EXAMPLE-COLLEGE</MutuallyDefined>\n        <OrganizationName>Example College</OrganizationName>\n      </Organization>\n    </Source>',
      '<MutuallyDefined>OCAS</MutuallyDefined>\n        <OrganizationName>OCAS</OrganizationName>\n      </Organization>\n    </Source>',
    )
    .replace(
      '<CEEBACT>123456</CEEBACT>\n        </School>',
      '<LocalOrganizationID><LocalOrganizationIDCode>900001</LocalOrganizationIDCode><LocalOrganizationIDQualifier>ON</LocalOrganizationIDQualifier></LocalOrganizationID>\n        </School>',
    )
    .replace(
      '<Birth>',
      '<AgencyIdentifier><AgencyAssignedID>948743687</AgencyAssignedID><AgencyCode>Province</AgencyCode><StateProvinceCode>ON</StateProvinceCode></AgencyIdentifier><Birth>',
    )
    .replaceAll('REQ-0001', reference);
}

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

/**
 * A hand-written SOAP envelope for SubmitPescTranscriptRequest: the PESC namespace declared on the
 * Envelope, not on the document; the intake credential in a WS-Security UsernameToken.
 */
export function pescSoapEnvelope(document: string, credential: { id: string; secret: string }): string {
  const body = document
    .replace(/^<\?xml[^>]*\?>\s*(<!--[\s\S]*?-->\s*)?/, '')
    .replace(/^<TrnReq:TranscriptRequest [^>]*>/, '<r:TranscriptRequest>')
    .replace('</TrnReq:TranscriptRequest>', '</r:TranscriptRequest>')
    .replaceAll('TrnReq:', 'r:');
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:r="urn:org:pesc:message:TranscriptRequest:v1.4.0">` +
    `<s:Header><wsse:Security xmlns:wsse="${WSSE}"><wsse:UsernameToken><wsse:Username>${credential.id}</wsse:Username><wsse:Password>${credential.secret}</wsse:Password></wsse:UsernameToken></wsse:Security></s:Header>` +
    `<s:Body>${body}</s:Body></s:Envelope>`
  );
}
