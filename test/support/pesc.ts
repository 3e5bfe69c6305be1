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
