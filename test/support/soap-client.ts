/** A SOAP client built from the central's ?wsdl alone, signing with a WS-Security UsernameToken. */
import * as soap from 'soap';

export async function soapClient(centralUrl: string, id: string, secret: string): Promise<soap.Client> {
  const client = await soap.createClientAsync(`${centralUrl}/soap/exchange?wsdl`);
  client.setSecurity(new soap.WSSecurity(id, secret, { passwordType: 'PasswordText', hasTimeStamp: false }));
  return client;
}
