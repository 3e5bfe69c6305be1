"""PESC Transcript Requests over SOAP from python3-zeep, a client nobody on the project wrote.

Usage: pesc_request.py WSDL_URL INTAKE_ID INTAKE_SECRET AGENT_ID AGENT_SECRET ONTARIO_XML PESC_EXAMPLE_XML
The WSDL is loaded in strict mode with the real PESC schemas it imports; each document is read by
zeep with the real TranscriptRequest schema and sent as SubmitPescTranscriptRequest; the answer is
read with the real TranscriptResponse schema. Any warning after zeep's own import is an error.
Prints one JSON object with what each call answered.
"""
import copy
import json
import sys
import warnings

from lxml import etree
from zeep import Client, Settings
from zeep.exceptions import Fault
from zeep.wsse.username import UsernameToken

warnings.simplefilter("error")

wsdl, intake_id, intake_secret, agent_id, agent_secret, ontario_path, example_path = sys.argv[1:8]
settings = Settings(strict=True, xml_huge_tree=False, forbid_dtd=True, forbid_entities=True)
intake_client = Client(wsdl, settings=settings, wsse=UsernameToken(intake_id, intake_secret))
intake = intake_client.service
agent = Client(wsdl, settings=settings, wsse=UsernameToken(agent_id, agent_secret)).service
anonymous = Client(wsdl, settings=settings).service
NS = "{urn:ca:on:etms:exchange:v1}"
REQUEST = intake_client.get_element("{urn:org:pesc:message:TranscriptRequest:v1.4.0}TranscriptRequest")


def read(path):
    """The document as zeep reads it with the real PESC schema."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return REQUEST.parse(etree.parse(path, parser).getroot(), intake_client.wsdl.types)


def send(service, document):
    return service.SubmitPescTranscriptRequest(
        TransmissionData=document.TransmissionData, Request=document.Request)


def fault_code(call):
    try:
        call()
    except Fault as fault:
        detail = fault.detail
        code = detail.find(f"{NS}EtmsFault/{NS}code") if detail is not None else None
        return {"faultcode": fault.code, "code": code.text if code is not None else None}
    return {"faultcode": None, "code": "no fault"}


def answered(response):
    r = response.Response[0]
    return [r.ResponseStatus, r.RequestTrackingID, response.TransmissionData.DocumentTypeCode]


ontario = read(ontario_path)
out = {"filed": answered(send(intake, ontario)), "again": answered(send(intake, ontario))}
renamed = copy.deepcopy(ontario)
renamed.Request[0].RequestedStudent.Person.Name.LastName = "Haddad"
example = read(example_path)
out["faults"] = {
    "conflict": fault_code(lambda: send(intake, renamed)),
    "not_ontario": fault_code(lambda: send(intake, example)),
    "unauthenticated": fault_code(lambda: send(anonymous, ontario)),
    "forbidden": fault_code(lambda: send(agent, ontario)),
}
print(json.dumps(out))
