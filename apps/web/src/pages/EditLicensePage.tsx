import { can } from '@itam/domain';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isNotFound } from '../api/errors.ts';
import { type LicenseView, trpc } from '../api/trpc.ts';
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
  const [errors, setErrors] = useState<LicenseErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const back = `/licenses/${license.id}`;

  const update = trpc.licenses.update.useMutation({
    onSuccess: (saved) => {
      void utils.licenses.get.invalidate({ id: saved.id });
      void utils.licenses.list.invalidate();
      void utils.compliance.report.invalidate();
      toast(`Saved ${saved.name}.`);
      navigate(back);
    },
    onError: (error) => {
      const { formError, fieldErrors } = licenseSaveError(error);
      setFormError(formError);
      setErrors(fieldErrors);
    },
  });

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/licenses">Licenses</Link> <span aria-hidden="true">/</span>{' '}
        <Link to={back}>{license.name}</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">Edit</span>
      </nav>
      <div className="page-head">
        <h1>Edit {license.name}</h1>
      </div>
      <div className="panel">
        <LicenseForm
          mode="edit"
          initial={valuesFromLicense(original)}
          seatsUsed={license.seatsUsed}
          errors={errors}
          formError={formError}
          busy={update.isPending}
          cancel={
            <Link to={back} className="button">
              Cancel
            </Link>
          }
          onSubmit={(values) => {
            const result = toLicensePatch(original, values);
            setFormError(null);
            if (!result.ok) {
              setErrors(result.errors);
              return result.errors;
            }
            setErrors({});
            if (Object.keys(result.value).length === 0) {
              toast('Nothing to save: no field changed.', 'info');
              navigate(back);
              return undefined;
            }
            update.mutate({ id: original.id, patch: result.value });
            return undefined;
          }}
        />
      </div>
    </>
  );
}
