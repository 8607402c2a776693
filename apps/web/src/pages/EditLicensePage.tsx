import { can, type LicensePatch } from '@itam/domain';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isNotFound } from '../api/errors.ts';
import { type LicenseView, trpc } from '../api/trpc.ts';
import { FormPage, useFormErrors } from '../components/FormPage.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { useToast } from '../components/Toasts.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { LicenseForm } from '../licenses/LicenseForm.tsx';
import { type LicenseErrors, toLicensePatch, valuesFromLicense } from '../licenses/licenseForm.ts';
import { licenseSaveError, useLicense } from '../licenses/useLicense.ts';
import { useUser } from '../session/session.tsx';
import { LicenseNotFound } from './LicenseNotFound.tsx';
import { NoAccess } from './NoAccess.tsx';

export function EditLicensePage() {
  const { id } = useParams();
  const user = useUser();
  const { query, valid } = useLicense(id);
  const license = query.data?.license;
  useDocumentTitle(license ? `Edit ${license.name}` : 'Edit license');

  if (!can(user, 'license.manage')) return <NoAccess />;
  if (!valid || (query.isError && isNotFound(query.error))) return <LicenseNotFound />;
  if (query.isPending) return <Loading label="Loading license…" />;
  if (!license) {
    return (
      <ErrorState
        error={query.error}
        title="The license could not be loaded."
        onRetry={() => void query.refetch()}
      />
    );
  }
  // Keyed by id: the form starts from the license as loaded and is not reset by live refreshes.
  return <EditLicense key={license.id} license={license} />;
}

function EditLicense({ license }: { license: LicenseView }) {
  const navigate = useNavigate();
  const toast = useToast();
  const utils = trpc.useUtils();
  const [original] = useState(license);
  const form = useFormErrors<LicenseErrors>();
  const back = `/licenses/${license.id}`;

  const update = trpc.licenses.update.useMutation({
    onSuccess: (saved) => {
      void utils.licenses.get.invalidate({ id: saved.id });
      void utils.licenses.list.invalidate();
      void utils.compliance.invalidate();
      toast(`Saved ${saved.name}.`);
      navigate(back);
    },
    onError: (error) => form.showServerError(licenseSaveError(error)),
  });

  const save = (patch: LicensePatch) => {
    if (Object.keys(patch).length === 0) {
      toast('Nothing to save: no field changed.', 'info');
      navigate(back);
      return;
    }
    update.mutate({ id: original.id, patch });
  };

  return (
    <FormPage
      crumbs={[
        { to: '/licenses', label: 'Licenses' },
        { to: back, label: license.name },
      ]}
      current="Edit"
      title={`Edit ${license.name}`}
    >
      <LicenseForm
        mode="edit"
        initial={valuesFromLicense(original)}
        seatsUsed={license.seatsUsed}
        errors={form.errors}
        formError={form.formError}
        busy={update.isPending}
        cancel={
          <Link to={back} className="button">
            Cancel
          </Link>
        }
        onSubmit={(values) => form.check(toLicensePatch(original, values), save)}
      />
    </FormPage>
  );
}
