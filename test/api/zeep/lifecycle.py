"""The whole exchange lifecycle from python3-zeep, a SOAP client nobody on the project wrote.

Usage: lifecycle.py WSDL_URL INTAKE_ID INTAKE_SECRET AGENT_ID AGENT_SECRET TRANSCRIPTS_JSON
Any warning after zeep's own import is an error. Prints one JSON object with what each step answered.
"""
import json
import sys
import warnings

from zeep import Client, Settings
from zeep.exceptions import Fault
from zeep.wsse.username import UsernameToken

# Once zeep is imported (its own import warns of a deprecated module on newer Pythons), any warning
# about the WSDL, the schema or an answer is an error.
warnings.simplefilter("error")

wsdl, intake_id, intake_secret, agent_id, agent_secret, transcripts_path = sys.argv[1:7]
with open(transcripts_path, encoding="utf-8") as f:
    transcripts = json.load(f)

settings = Settings(strict=True, xml_huge_tree=False, forbid_dtd=True, forbid_entities=True)
intake = Client(wsdl, settings=settings, wsse=UsernameToken(intake_id, intake_secret)).service
agent = Client(wsdl, settings=settings, wsse=UsernameToken(agent_id, agent_secret)).service
anonymous = Client(wsdl, settings=settings).service
NS = "{urn:ca:on:etms:exchange:v1}"


def fault_code(call):
    try:
        call()
    except Fault as fault:
        detail = fault.detail
        code = detail.find(f"{NS}EtmsFault/{NS}code") if detail is not None else None
        return {"faultcode": fault.code, "code": code.text if code is not None else None}
    return {"faultcode": None, "code": "no fault"}


out = {}
refs = sorted(transcripts)
filing = dict(origin="OCAS", requestType="ORIGINAL", requestedAt="2026-03-02", firstName="Amélie",
              lastName="Tremblay", birthDate="2005-04-17", gender="F", schoolBsid="900001")
for ref in refs:
    r = intake.SubmitTranscriptRequest(referenceNumber=ref, **filing)
    out.setdefault("filed", []).append([r.referenceNumber, r.status, r.created])
out["again"] = intake.SubmitTranscriptRequest(referenceNumber=refs[0], **filing).created
out["conflict"] = fault_code(lambda: intake.SubmitTranscriptRequest(referenceNumber=refs[0], **{**filing, "lastName": "Haddad"}))
status = intake.GetRequestStatus(referenceNumber=refs[0])
out["status"] = [status.status, status.statusLabelFr, status.tab]

lease = agent.LeasePendingRequests(owner="zeep", max=10)
out["leased"] = sorted(r.referenceNumber for r in lease.request)
# A response of one element comes back as that value.
out["released"] = agent.ReleaseLease(referenceNumber=refs[3], owner="zeep", delaySeconds=0)
out["report_released"] = fault_code(lambda: agent.ReportAutoProcessError(
    referenceNumber=refs[3], owner="zeep", reasonCode="NO_MATCH", reasonFr="Aucun", reasonEn="None"))

single = agent.SubmitTranscript(referenceNumber=refs[0], owner="zeep", studentNumber="100001",
                                submissionKey=f"{refs[0]}:zeep", transcriptXml=transcripts[refs[0]])
out["single"] = [single.status, single.version, single.created]
batch = agent.SubmitTranscripts(owner="zeep", submission=[
    dict(referenceNumber=refs[1], studentNumber="100001", submissionKey=f"{refs[1]}:zeep",
         transcriptBase64=transcripts[refs[1]].encode("utf-8")),
    dict(referenceNumber=refs[2], studentNumber="100001", submissionKey=f"{refs[2]}:zeep",
         transcriptXml=transcripts[refs[1]]),
])
out["batch"] = [[r.referenceNumber, r.status, r.fault.code if r.fault is not None else None] for r in batch]
reported = agent.ReportAutoProcessErrors(owner="zeep", report=[
    dict(referenceNumber=refs[2], reasonCode="NO_MATCH", reasonFr="Aucun élève", reasonEn="No student",
         matchResultJson='{"outcome": "none", "candidates": []}'),
])
out["reported"] = [[r.referenceNumber, r.status] for r in reported]
error = intake.GetRequestStatus(referenceNumber=refs[2])
out["auto_error"] = [error.status, error.autoErrorReason, error.autoErrorReasonEn, error.autoErrorCode]
# The other side of the choice: a tracking ID with its application centre (one of our numbers, as a
# centre may file under, is that request).
by_tracking = intake.GetRequestStatus(requestTrackingId=refs[0], origin="OCAS")
out["by_tracking"] = [by_tracking.referenceNumber, by_tracking.status]
out["cancelled"] = intake.CancelTranscriptRequest(referenceNumber=refs[3], reason="withdrawn").status
out["faults"] = {
    "unauthenticated": fault_code(lambda: anonymous.GetRequestStatus(referenceNumber=refs[0])),
    "forbidden": fault_code(lambda: intake.LeasePendingRequests(owner="zeep", max=1)),
    "not_found": fault_code(lambda: intake.GetRequestStatus(referenceNumber="H20260302999999")),
    "tracking_not_found": fault_code(lambda: intake.CancelTranscriptRequest(
        requestTrackingId="NO-SUCH-ID", origin="OUAC")),
    "origin_required": fault_code(lambda: intake.GetRequestStatus(requestTrackingId="NO-SUCH-ID")),
    "not_cancellable": fault_code(lambda: intake.CancelTranscriptRequest(referenceNumber=refs[0])),
    "not_pending": fault_code(lambda: agent.SubmitTranscript(
        referenceNumber=refs[0], owner="zeep", studentNumber="100001",
        submissionKey=f"{refs[0]}:other", transcriptXml=transcripts[refs[0]])),
}
print(json.dumps(out))
