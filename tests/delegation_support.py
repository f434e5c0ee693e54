"""Builders for the delegation tests (issue 12): a body's Delegationsordning in the register,
its delegation order and points, and the people a delegation walk asks."""

from datetime import date

from governance.models import DelegationOrder, DelegationPoint, DocumentType, SteeringDocument
from roles.models import Body, ChairAbsence, Membership
from roles.selectors import forget_body_roles
from tests.factories import make_body, make_member


def delegation_document(body) -> SteeringDocument:
    return SteeringDocument.objects.create(
        title=f"Delegationsordning för {body.name}",
        type=DocumentType.objects.get(name="Delegationsordning"),
        adopting_body=body,
        status=SteeringDocument.Status.ADOPTED,
        decision_date=date(2024, 1, 10),
        paragraph="4",
    )


def make_order(body, *points, urgent=True) -> DelegationOrder:
    """`points`: (point, delegate, delegate_body, delegate_role, reference)."""
    order = DelegationOrder(
        body=body,
        document=delegation_document(body) if body.is_political else None,
        chair_decides_urgent_matters=urgent,
    )
    order.full_clean()
    order.save()
    for point, delegate, delegate_body, role, reference in points:
        item = DelegationPoint(
            order=order,
            point=point,
            delegate=delegate,
            delegate_body=delegate_body,
            delegate_role=role or "",
            reference=reference,
            text=f"Beslut om {point} för medborgardialog.",
        )
        item.full_clean()
        item.save()
    return order


def absent(body, by, *, starts_on=date(2020, 1, 1), ends_on=None) -> ChairAbsence:
    return ChairAbsence.objects.create(body=body, starts_on=starts_on, ends_on=ends_on, noted_by=by)


class DelegationCast:
    """Around `cast.body` (KS): its utskott (KSAU) with a member and a secretary, a vice chair,
    an ersättare, an ordinary member, the administration (KLK) with its head, where the
    responsible official works."""

    def __init__(self, cast):
        self.cast = cast
        body = cast.body
        self.utskott = make_body(
            "KSAU", "Kommunstyrelsens arbetsutskott", Body.Kind.SUBCOMMITTEE, body
        )
        self.administration = make_body("KLK", "Kommunledningskontoret", Body.Kind.ADMINISTRATION)
        self.chair = cast.politician
        self.vice_chair = make_member(body, Membership.Role.VICE_CHAIR, first_name="Vera")
        self.member = make_member(body, Membership.Role.MEMBER, first_name="Magnus")
        self.deputy = make_member(body, Membership.Role.DEPUTY, first_name="Erik")
        self.secretary = cast.clerk
        self.utskott_member = make_member(self.utskott, Membership.Role.MEMBER, first_name="Ulla")
        self.head = make_member(
            self.administration, Membership.Role.HEAD_OF_ADMINISTRATION, first_name="Frida"
        )
        # The responsible official works in the administration too (her förvaltningschef: Frida).
        Membership.objects.create(
            person=cast.official,
            body=self.administration,
            role=Membership.Role.OFFICIAL,
            valid_from=date(2020, 1, 1),
        )
        forget_body_roles(cast.official)
        self.official = cast.official
